// English messages of the queue feature, spread into en.ts. Keys are prefixed by their feature.
export const queueEn = {} as const satisfies Record<string, string>;
