// The summaries of bench/run.mjs and bench/ab.mjs.

/** The middle value (the upper one of an even count); `xs` is left as it was. */
export const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** The median of `a[i] / b[i]`: measurements taken side by side, paired. */
export const pairedRatio = (a, b) => median(a.map((v, i) => v / b[i]));
