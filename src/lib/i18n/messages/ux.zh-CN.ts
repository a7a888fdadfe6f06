// 应用外框与表单反馈的简体中文（页眉菜单、字段错误、通知、队列页脚）。
import type { uxEn } from './ux.en';

export const uxZhCN: Record<keyof typeof uxEn, string> = {
	'header.menu': '菜单',
	'toasts.repeated': '×{count}',
	'field.required': '请填写此项。',
	'field.wholeNumber': '请输入整数。',
	'field.range': '请输入 {min} 到 {max} 之间的数字。',
	'field.atLeast': '请输入不小于 {min} 的数。',
	'field.atMost': '请输入不大于 {max} 的数。',
	'field.tooLong': '最多 {max} 个字符。',
	'field.invalid': '此值不被接受。',
	'field.codeFormat': '请使用 4 到 64 个字母、数字、空格或短横线。',
	'field.summary': '请检查标出的字段。',
	'generate.seedHint': '0 到 4294967295 之间的整数；留空则随机。',
	'credits.groupCount': '× {count}',
	'library.card.useNamed': '使用“{title}”',
	'library.card.editNamed': '编辑“{title}”',
	'library.card.deleteNamed': '删除“{title}”',
	'library.card.favouriteNamed': '收藏“{title}”',
	'queue.job.waitingConnection': '等待网络连接',
	'queue.job.deleted': '已删除“{name}”。',
	'queue.job.undo': '撤销',
	'sources.refused': '未添加：{files}。',
	'sources.refusedOne': '{name}（{reason}）',
	'sources.reason.type': '不是 PNG、JPEG 或 WebP 图片',
	'sources.reason.size': '大于 {max}',
	'sources.reason.limit': '超过 {max} 张的上限',
	'sources.reason.unreadable': '无法读取'
};
