// English messages of the library feature, spread into en.ts. Keys are prefixed by their feature.
export const libraryEn = {} as const satisfies Record<string, string>;
