// 风格（样式）的简体中文文案：生成页和批量页的风格选择、最终提示词预览、收据上的已用风格；键与 styles.en.ts 一一对应。
import type { stylesEn } from './styles.en';

export const stylesZhCN: Record<keyof typeof stylesEn, string> = {
	'styles.label': '风格',
	'styles.hint':
		'风格会把你的提示词放进它的 {prompt} 位置（没有该位置时接在后面），并加上它的反向提示词。多个风格按顺序叠加：第一个在最里层。',
	'styles.search': '搜索风格',
	'styles.searchPlaceholder': '按名称或内容筛选',
	'styles.available': '可用风格',
	'styles.none': '还没有风格。提示词库中含有 {prompt} 或带“style”标签的提示词就是风格。',
	'styles.noMatch': '没有与“{query}”匹配的风格。',
	'styles.more': '还有 {count} 个：缩小搜索范围即可看到。',
	'styles.add': '添加风格 {name}',
	'styles.picked': '已选风格（按顺序）',
	'styles.pickedNone': '未选择风格。',
	'styles.moveUp': '将 {name} 前移',
	'styles.moveDown': '将 {name} 后移',
	'styles.remove': '移除风格 {name}',
	'styles.clear': '清除风格',
	'styles.full': '一次最多 {max} 个风格。',
	'styles.order': '第 {position} / {total} 个',
	'styles.preview': '最终提示词',
	'styles.previewNegative': '最终反向提示词',
	'styles.previewLength': '{length} / {max} 个字符',
	'styles.noNegative': '此模型不接受反向提示词：风格的反向提示词不会发送。',
	'styles.applied': '已用风格',
	'styles.typedPrompt': '输入的提示词',
	'styles.batchHint':
		'每个所选风格是一种变体：每条提示词在每个风格下各生成一次（提示词填入风格的 {prompt}）。也可以在下方把它们全部叠加成一种变体。',
	'styles.suggestKind': '风格（加入风格）',
	'styles.batchMode': '风格的组合方式',
	'styles.batchMode.each': '每个风格各为一种变体（每条提示词按每个风格各生成一次）',
	'styles.batchMode.stack': '全部叠加（一种变体，所有风格按顺序包裹提示词）',
	'styles.batchAxis': '{prompts} 条提示词 × {variants} 种风格变体 → {images} 张图片',
	'styles.templatePlaceholder':
		'{prompt} 表示风格放入提示词的位置，不能在这里填写。请把这段文字作为风格存入提示词库，再在“风格”中选用，或给变量改个名字。',
	'styles.restored': '已重新选择风格：{names}。'
};
