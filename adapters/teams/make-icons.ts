// Draws the Teams app icons: `npx tsx adapters/teams/make-icons.ts`. The PNGs are checked in; rerun after changing the shape.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { packageRoot } from '../../src/package-root.js';

const ACCENT = [0x1f, 0x4e, 0x79] as const;

/** Signed test for a shield: flat top, straight sides, rounded to a point at the bottom (unit square). */
function insideShield(u: number, v: number, inset: number): boolean {
  const top = 0.14 + inset;
  const half = 0.32 - inset;
  const shoulder = 0.52;
  const tip = 0.9 - inset * 1.6;
  if (v < top || v > tip) return false;
  if (v <= shoulder) return Math.abs(u - 0.5) <= half;
  const t = (v - shoulder) / (tip - shoulder);
  return Math.abs(u - 0.5) <= half * Math.sqrt(Math.max(0, 1 - t * t));
}

/** Coverage of a pixel by `shape`, 4x4 supersampled for smooth edges. */
function coverage(x: number, y: number, size: number, shape: (u: number, v: number) => boolean): number {
  let hits = 0;
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) if (shape((x + (i + 0.5) / 4) / size, (y + (j + 0.5) / 4) / size)) hits++;
  return hits / 16;
}

function draw(size: number, pixel: (x: number, y: number) => [number, number, number, number]): Buffer {
  const png = new PNG({ width: size, height: size, colorType: 6 });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(x, y);
      const o = (y * size + x) * 4;
      png.data[o] = r;
      png.data[o + 1] = g;
      png.data[o + 2] = b;
      png.data[o + 3] = a;
    }
  }
  return PNG.sync.write(png);
}

/** color.png: 192x192, full-bleed accent background with a white shield and an accent "globe" line. */
export function colorIcon(): Buffer {
  const size = 192;
  const shape = (u: number, v: number) => insideShield(u, v, 0) && !(insideShield(u, v, 0.07) && Math.abs(v - 0.44) > 0.025 && Math.abs(u - 0.5) > 0.025);
  return draw(size, (x, y) => {
    const c = coverage(x, y, size, shape);
    return [Math.round(ACCENT[0] + (255 - ACCENT[0]) * c), Math.round(ACCENT[1] + (255 - ACCENT[1]) * c), Math.round(ACCENT[2] + (255 - ACCENT[2]) * c), 255];
  });
}

/** outline.png: 32x32, white on transparent (Teams' rule for outline icons). */
export function outlineIcon(): Buffer {
  const size = 32;
  const shape = (u: number, v: number) => insideShield(u, v, 0) && !insideShield(u, v, 0.08);
  return draw(size, (x, y) => [255, 255, 255, Math.round(255 * coverage(x, y, size, shape))]);
}

if (process.argv[1] && process.argv[1].endsWith('make-icons.ts')) {
  const dir = join(packageRoot(), 'adapters/teams/app-package');
  writeFileSync(join(dir, 'color.png'), colorIcon());
  writeFileSync(join(dir, 'outline.png'), outlineIcon());
  console.log(`wrote ${dir}/color.png (192x192) and outline.png (32x32)`);
}
