/** Rec. 601 luma of an RGB colour in 0…255 (or of the difference of two colours): what "brightness" means here. */
export function lumaOf(r: number, g: number, b: number): number {
  return 0.299 * r + 0.587 * g + 0.114 * b;
}
