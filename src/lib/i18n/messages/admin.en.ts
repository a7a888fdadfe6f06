// English messages of the admin feature, spread into en.ts. Keys are prefixed by their feature.
export const adminEn = {} as const satisfies Record<string, string>;
