/**
 * The English catalog is the source of the keys; every other language must have the same shape, so a
 * missing translation is a compile error (tsc runs in `npm test`), not a silent English fallback.
 */
export type CatalogShape<T> = { [K in keyof T]: T[K] extends string ? string : CatalogShape<T[K]> };
