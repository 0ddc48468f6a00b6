// Unit conversions in one place: the IR speaks points, OOXML speaks twips
// (1/20 pt) for lengths and half-points for font sizes.
import type { Align } from '../../ir/types.js';
import { AlignmentType } from 'docx';

/** A4 in twips, portrait. */
export const A4_TWIPS = { width: 11906, height: 16838 } as const;

export const twips = (pt: number): number => Math.round(pt * 20);
export const halfPoints = (pt: number): number => Math.round(pt * 2);

export function alignment(align: Align): (typeof AlignmentType)[keyof typeof AlignmentType] {
  switch (align) {
    case 'left':
      return AlignmentType.LEFT;
    case 'center':
      return AlignmentType.CENTER;
    case 'right':
      return AlignmentType.RIGHT;
    // OOXML's "both" is justify; "distribute" would also stretch the last line.
    case 'justify':
      return AlignmentType.BOTH;
  }
}
