// Nested objects sent in part. The server's merge rule for `metaData` and `assignedTo` is
// not documented, so the CLI assumes the worst: a nested object sent in part may replace
// the stored one. The rule itself is the validator's (its `partial_object` warning, which
// names the fields at risk); this module only decides what the CLI does with it.

export const PARTIAL = 'partial_object';

export const ALLOW_PARTIAL_HELP = `  --allow-partial    send a metaData or assignedTo that lacks some of its fields anyway
                     (refused without it: a server that replaces nested objects would
                     erase the fields not sent). Without it, give every field of the
                     object, with the current values of those you want kept
`;

/** The `partial_object` warnings among `warnings`. */
export function partialWarnings(warnings) {
  return (warnings ?? []).filter((w) => w.code === PARTIAL);
}

/** The nested object a `partial_object` warning is about: `metaData` or `assignedTo`. */
export function objectName(warning) {
  return warning.path.slice(warning.path.lastIndexOf('/') + 1);
}

/** What to do instead, after the refused warnings were shown. */
export function refusalHint(names) {
  const list = [...new Set(names)].join(' and ');
  return `give every field of ${list} (the current values of those you want kept), or pass --allow-partial to accept that a server that replaces nested objects erases the fields not sent`;
}
