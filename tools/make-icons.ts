// Draws the app icon (assets/icons/app.png, 1024×1024) from SVG. electron-builder derives .ico/.icns from it.
import { mkdirSync } from 'node:fs';
import sharp from 'sharp';

const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1024" height="1024" viewBox="0 0 1024 1024">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#2b2f3a"/><stop offset="1" stop-color="#12141a"/></linearGradient>
    <linearGradient id="a" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#f3d9c4"/><stop offset="1" stop-color="#c99f80"/></linearGradient>
    <linearGradient id="b" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#8fb3ff"/><stop offset="1" stop-color="#4d6fd6"/></linearGradient>
  </defs>
  <rect x="32" y="32" width="960" height="960" rx="210" fill="url(#bg)"/>
  <g transform="translate(410 215) scale(0.78)">
    <ellipse cx="0" cy="70" rx="62" ry="76" fill="url(#a)"/>
    <path d="M-95 190 Q0 150 95 190 L120 520 Q0 560 -120 520 Z" fill="url(#a)"/>
    <path d="M-70 520 L-60 800 L-20 800 L0 560 L20 800 L60 800 L70 520 Z" fill="url(#a)"/>
  </g>
  <g transform="translate(614 215) scale(0.78)" opacity="0.92">
    <ellipse cx="0" cy="70" rx="62" ry="76" fill="none" stroke="url(#b)" stroke-width="18" stroke-dasharray="28 16"/>
    <path d="M-95 190 Q0 150 95 190 L120 520 L70 530 L60 800 L20 800 L0 560 L-20 800 L-60 800 L-70 530 L-120 520 Z" fill="none" stroke="url(#b)" stroke-width="18" stroke-linejoin="round" stroke-dasharray="28 16"/>
  </g>
</svg>`;

mkdirSync('assets/icons', { recursive: true });
await sharp(Buffer.from(svg)).png({ compressionLevel: 9 }).toFile('assets/icons/app.png');
console.log('assets/icons/app.png');
