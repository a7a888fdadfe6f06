// English messages of the providers feature, spread into en.ts. Keys are prefixed by their feature.
export const providersEn = {} as const satisfies Record<string, string>;
