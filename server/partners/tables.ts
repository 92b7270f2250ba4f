/** Tables owned by this capability; add them here and to the interface below. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PartnersTables {}
