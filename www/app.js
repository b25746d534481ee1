// The demo dashboard: edit a sandbox lead, watch the package validate and diff it live,
// send the minimal PATCH through the package's client. The page holds no API key: the
// client sends to /api/convocore on this page's origin, where the demo server's
// convocore-leads/proxy adds the key (scripts/serve-demo.mjs). Everything about leads (allowed
// values, validation, the patch, sending and retrying) comes from convocore-leads itself,
// loaded the way a dashboard would load it; the allowed values are its enum lists.
import init, {
  validateUpdateLead, diffLead, ConvocoreClient, version, LEAD_STAGES as STAGES, HOT_LABELS, ASSIGNMENT_STATUSES, ACTIVITY_TYPES, CHANNELS,
} from '/pkg/web/index.js';

await init();

const $ = (id) => document.getElementById(id);
const form = $('lead-form');
const jsonBox = $('f-lead');

/** Makes an element: h('input', {name: 'x', class: 'y'}, child, ...). */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false || v === null) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k in el && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  el.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return el;
}

// ---------------------------------------------------------------------------------
// State: the lead as loaded, the lead as edited, and the patch between them.

let leads = [];
let loaded = null;
let edited = null;
let patch = {};
let refused = []; // diffLead's issues when the edit cannot be expressed as an update
let jsonError = null; // the JSON editor's text does not parse to an object
let sending = false;
let hasErrors = false;

const clone = (v) => (v === undefined ? undefined : structuredClone(v));
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
// By name rather than instanceof: errors thrown before the entry hands the binding its
// ConvocoreError class are plain Errors with the same name and fields.
const isConvocoreError = (e) => e?.name === 'ConvocoreError';

/** The lead after `p` under diffLead's rule (top-level fields replaced, null clears);
 *  unlike applyLeadPatch it also takes an invalid patch, so the form can show what was typed. */
function overlay(lead, p) {
  const out = clone(lead);
  for (const [k, v] of Object.entries(p)) {
    if (k === 'ts') continue;
    if (v === null) delete out[k];
    else out[k] = clone(v);
  }
  return out;
}

/** Recomputes the patch from the edited lead through diffLead. When diffLead refuses (the
 *  edit is invalid), the draft is every changed top-level field, so it still shows. */
function patchFromForm() {
  try {
    patch = diffLead(loaded, edited);
    refused = [];
  } catch (e) {
    if (!isConvocoreError(e) || e.kind !== 'validation') throw e;
    refused = e.issues.map((i) => ({ ...i, path: '/lead' + i.path }));
    patch = {};
    for (const k of new Set([...Object.keys(loaded), ...Object.keys(edited)])) {
      if (k !== 'ts' && !same(loaded[k] ?? null, edited[k] ?? null)) patch[k] = edited[k] ?? null;
    }
  }
  jsonError = null;
  jsonBox.value = Object.keys(patch).length ? JSON.stringify(patch, null, 2) : '{}';
}

function patchFromJson() {
  let parsed;
  try {
    parsed = JSON.parse(jsonBox.value);
  } catch (e) {
    jsonError = `not valid JSON: ${e.message}`;
    return;
  }
  if (!isObject(parsed)) {
    jsonError = 'the lead patch must be a JSON object, like {"name": "Ada"}';
    return;
  }
  jsonError = null;
  refused = [];
  patch = parsed;
  edited = overlay(loaded, patch);
  renderForm();
}

// ---------------------------------------------------------------------------------
// Paths: a control's name is its JSON path in the body ("lead.metaData.stage"); issues
// carry JSON Pointers ("/lead/metaData/stage").

const idOf = (name) => 'f-' + name.replace(/[^A-Za-z0-9_-]/g, '-');
const segmentsOf = (name) => name.split('.').slice(1).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
const nameOfPointer = (pointer) =>
  pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).join('.');

function getAt(obj, segs) {
  return segs.reduce((o, s) => (o === undefined || o === null ? undefined : o[s]), obj);
}

function setAt(obj, segs, value) {
  let o = obj;
  segs.slice(0, -1).forEach((s, i) => {
    if (o[s] === undefined || o[s] === null || typeof o[s] !== 'object') o[s] = typeof segs[i + 1] === 'number' ? [] : {};
    o = o[s];
  });
  const last = segs[segs.length - 1];
  if (value === undefined) delete o[last];
  else o[last] = value;
}

/** The control (or group) an issue belongs to: the nearest one up its path. */
function targetOf(pointer) {
  let name = nameOfPointer(pointer) || 'lead';
  for (;;) {
    if (name === 'lead') return jsonBox;
    const el = form.querySelector(`[name="${CSS.escape(name)}"], [data-path="${CSS.escape(name)}"]`);
    if (el) return el;
    name = name.slice(0, name.lastIndexOf('.'));
  }
}

// ---------------------------------------------------------------------------------
// The form, built from the edited lead.

// How a control's text becomes a value: '' always means "no value" (the key is removed,
// or null for the nullable name/email/phone).
const READ = {
  text: (v) => (v === '' ? undefined : v),
  nullable: (v) => (v === '' ? null : v),
  number: (v) => (v.trim() === '' ? undefined : Number.isFinite(Number(v)) ? Number(v) : v),
  numberOrText: (v) => (v.trim() === '' ? undefined : /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : v),
  json: (v) => {
    if (v.trim() === '') return undefined;
    try {
      return JSON.parse(v);
    } catch {
      return v; // the validator then says it is not an object
    }
  },
};

function field(name, label, { kind = 'text', type = 'text', options, wide, hint, clearable, inputmode, placeholder } = {}) {
  const id = idOf(name);
  const value = getAt(edited, segmentsOf(name));
  const hintId = hint ? `${id}-hint` : undefined;
  const common = { id, name, 'data-kind': kind, 'aria-describedby': hintId, 'data-describedby': hintId };
  let control;
  if (kind === 'bool') {
    control = h('input', { ...common, type: 'checkbox', checked: value === true });
    return h('div', { class: 'field check' }, control, h('label', { for: id, text: label }));
  }
  if (options) {
    const shown = value === undefined || value === null ? '' : String(value);
    const opts = [h('option', { value: '', text: '— none —' }), ...options.map((o) => h('option', { value: o, text: o }))];
    if (shown !== '' && !options.includes(shown)) opts.push(h('option', { value: shown, text: `${shown} (not allowed)` }));
    control = h('select', common, opts);
    control.value = shown;
  } else {
    const shown = value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value, null, kind === 'json' ? 2 : 0);
    const attrs = { ...common, autocomplete: 'off', inputmode, placeholder: clearable && value === null ? 'null (cleared)' : placeholder };
    control = type === 'textarea' ? h('textarea', { ...attrs, rows: 3 }) : h('input', { ...attrs, type });
    control.value = shown;
  }
  const row = h('div', { class: 'control-row' }, control);
  if (clearable) {
    row.append(h('button', { type: 'button', class: 'ghost small', 'data-action': 'clear', 'data-target': name, 'aria-label': `Clear ${label} (send null)`, text: 'Clear' }));
  }
  return h('div', { class: `field${wide ? ' wide' : ''}` },
    h('label', { for: id, text: label }),
    row,
    hint && h('p', { class: 'hint', id: hintId, text: hint }),
  );
}

function group(path, legend, ...children) {
  return h('fieldset', { class: 'group', 'data-path': path }, h('legend', { text: legend }), h('div', { class: 'grid' }, children));
}

const ISO = 'ISO 8601, e.g. 2025-03-10T09:15:00Z';

function activityGroup(a, i) {
  const p = `lead.crmActivities.${i}`;
  const notes = Array.isArray(a?.notesHistory) ? a.notesHistory : [];
  const title = [a?.type, a?.title].filter((s) => typeof s === 'string' && s).join(' · ');
  return h('fieldset', { class: 'group activity', 'data-path': p },
    h('legend', { text: `Activity ${i + 1}${title ? ` — ${title}` : ''}` }),
    h('div', { class: 'grid' },
      field(`${p}.type`, 'Type', { options: ACTIVITY_TYPES }),
      field(`${p}.title`, 'Title'),
      field(`${p}.id`, 'Activity ID'),
      field(`${p}.date`, 'Date', { placeholder: ISO }),
      field(`${p}.dueDate`, 'Due date', { placeholder: ISO }),
      field(`${p}.firstChannel`, 'First channel', { options: CHANNELS }),
      field(`${p}.secondChannel`, 'Second channel', { options: CHANNELS }),
      h('div', { class: 'field checks wide' },
        field(`${p}.completed`, 'Completed', { kind: 'bool' }),
        field(`${p}.responded`, 'Responded', { kind: 'bool' }),
        field(`${p}.firstEngaged`, 'Engaged on first channel', { kind: 'bool' }),
        field(`${p}.secondEngaged`, 'Engaged on second channel', { kind: 'bool' }),
      ),
      field(`${p}.note`, 'Note', { type: 'textarea', wide: true }),
      field(`${p}.metadata`, 'Metadata (JSON object)', { kind: 'json', type: 'textarea', wide: true, placeholder: '{"key": "value"}' }),
    ),
    h('fieldset', { class: 'group notes', 'data-path': `${p}.notesHistory` },
      h('legend', { text: 'Notes history' }),
      notes.map((n, j) => h('div', { class: 'note', 'data-path': `${p}.notesHistory.${j}` },
        h('div', { class: 'grid' },
          field(`${p}.notesHistory.${j}.text`, `Note ${j + 1} text`, { type: 'textarea', wide: true }),
          field(`${p}.notesHistory.${j}.agentName`, 'Agent name'),
          field(`${p}.notesHistory.${j}.agentId`, 'Agent ID'),
          field(`${p}.notesHistory.${j}.timestamp`, 'Timestamp', { placeholder: ISO }),
        ),
        h('button', { type: 'button', class: 'ghost small danger', 'data-action': 'remove-note', 'data-activity': i, 'data-note': j, text: `Remove note ${j + 1}` }),
      )),
      h('button', { type: 'button', class: 'ghost small', 'data-action': 'add-note', 'data-activity': i, text: 'Add note' }),
    ),
    h('button', { type: 'button', class: 'ghost small danger', 'data-action': 'remove-activity', 'data-activity': i, text: `Remove activity ${i + 1}` }),
  );
}

function renderForm() {
  const activities = Array.isArray(edited.crmActivities) ? edited.crmActivities : [];
  const m = 'lead.metaData';
  form.replaceChildren(
    group(null, 'Contact',
      field('lead.name', 'Name', { kind: 'nullable', clearable: true }),
      field('lead.email', 'Email', { kind: 'nullable', type: 'email', clearable: true }),
      field('lead.phone', 'Phone', { kind: 'nullable', type: 'tel', clearable: true }),
      field('lead.convoId', 'Conversation ID', { kind: 'numberOrText' }),
    ),
    group(m, 'Deal (metaData)',
      field(`${m}.stage`, 'Stage', { options: STAGES }),
      field(`${m}.value`, 'Value', { kind: 'numberOrText', inputmode: 'decimal', hint: 'A number, or text like "12k"' }),
      field(`${m}.currency`, 'Currency', { placeholder: 'GBP' }),
      field(`${m}.source`, 'Source', { placeholder: 'chat' }),
      field(`${m}.expectedCloseDate`, 'Expected close date', { type: 'date' }),
      field(`${m}.lostReason`, 'Lost reason'),
      field(`${m}.company`, 'Company'),
      field(`${m}.subIndustry`, 'Sub-industry'),
      field(`${m}.website`, 'Website', { type: 'url' }),
      field(`${m}.language`, 'Language', { placeholder: 'en-GB' }),
      field(`${m}.address`, 'Address', { wide: true }),
      field(`${m}.linkedIn`, 'LinkedIn'),
      field(`${m}.facebook`, 'Facebook'),
      field(`${m}.instagram`, 'Instagram'),
      field(`${m}.demoDate`, 'Demo date', { type: 'date' }),
      field(`${m}.demoTime`, 'Demo time', { type: 'time' }),
      field(`${m}.demoLink`, 'Demo link', { type: 'url' }),
      field(`${m}.notes`, 'Notes', { type: 'textarea', wide: true }),
    ),
    group('lead.assignedTo', 'Assignee (assignedTo)',
      field('lead.assignedTo.name', 'Name'),
      field('lead.assignedTo.userId', 'User ID', { hint: 'Required when there is an assignee' }),
      field('lead.assignedTo.email', 'Email', { type: 'email' }),
      field('lead.assignedTo.status', 'Status', { options: ASSIGNMENT_STATUSES }),
      field('lead.assignedTo.assignedAt', 'Assigned at', { placeholder: ISO }),
      field('lead.assignedTo.photoUrl', 'Photo URL', { type: 'url' }),
      field('lead.assignedTo.note', 'Note', { wide: true }),
    ),
    group(null, 'Heat',
      field('lead.hotScore', 'Hot score', { kind: 'number', inputmode: 'decimal', hint: '0 to 100' }),
      field('lead.hotLabel', 'Hot label', { options: HOT_LABELS }),
      field('lead.lastActivityDate', 'Last activity', { placeholder: ISO }),
    ),
    h('fieldset', { class: 'group', 'data-path': 'lead.crmActivities' },
      h('legend', { text: `CRM activities (${activities.length})` }),
      activities.map(activityGroup),
      h('button', { type: 'button', class: 'secondary', 'data-action': 'add-activity', text: 'Add activity' }),
    ),
  );
  form.hidden = false;
  $('editor-empty').hidden = true;
}

// ---------------------------------------------------------------------------------
// Validation, shown at each field and in a summary.

function labelOf(el) {
  if (el === jsonBox) return 'Lead patch (JSON)';
  const label = el.id && document.querySelector(`label[for="${CSS.escape(el.id)}"]`);
  if (label) return label.textContent;
  return el.querySelector?.('legend')?.textContent ?? el.getAttribute('data-path') ?? '';
}

function showIssues() {
  for (const m of document.querySelectorAll('.msg')) m.remove();
  for (const el of document.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  for (const el of document.querySelectorAll('[data-has-msg]')) {
    el.removeAttribute('data-has-msg');
    const base = el.getAttribute('data-describedby');
    if (base) el.setAttribute('aria-describedby', base);
    else el.removeAttribute('aria-describedby');
  }
  if (!loaded) return;

  let issues;
  let warnings = [];
  if (jsonError) {
    issues = [{ path: '/lead', code: 'invalid_json', message: jsonError }];
  } else {
    const r = validateUpdateLead({ agentId: loaded.agentId, lead: patch });
    issues = r.issues;
    warnings = r.warnings;
    for (const i of refused) if (!issues.some((j) => j.path === i.path && j.code === i.code)) issues.push(i);
  }
  hasErrors = issues.length > 0;

  const list = $('summary-list');
  const links = [];
  let n = 0;
  for (const [severity, items] of [['error', issues], ['warning', warnings]]) {
    for (const issue of items) {
      const target = targetOf(issue.path);
      const msgId = `msg-${n++}`;
      const text = issue.suggestion ? `${issue.message} (did you mean "${issue.suggestion}"?)` : issue.message;
      const msg = h('p', { class: `msg ${severity}`, id: msgId },
        h('span', { class: 'msg-tag', text: severity === 'error' ? 'Error' : 'Warning' }), ` ${text}`);
      const control = target.matches('input, select, textarea') ? target : null;
      if (control) {
        control.closest('.field').append(msg);
        control.setAttribute('aria-describedby', [control.getAttribute('aria-describedby'), msgId].filter(Boolean).join(' '));
        control.setAttribute('data-has-msg', '');
        if (severity === 'error') control.setAttribute('aria-invalid', 'true');
      } else {
        target.querySelector(':scope > legend').after(msg);
      }
      const focusable = control ?? target.querySelector('input, select, textarea, button');
      links.push({ severity, href: `#${focusable?.id || 'f-lead'}`, text: `${labelOf(target)}: ${text}` });
    }
  }
  // The same summary is left in place, not rebuilt: leaving a field fires `change`, between
  // the mousedown and the click on one of its links, and a link rebuilt under the pointer
  // never gets the click.
  const key = JSON.stringify(links);
  if (list.getAttribute('data-key') !== key) {
    list.setAttribute('data-key', key);
    list.replaceChildren(...links.map(({ severity, href, text }) => h('li', { class: severity }, h('a', { href, text }))));
  }
  const summary = $('summary');
  summary.hidden = n === 0;
  const count = (k, word) => (k ? `${k} ${word}${k === 1 ? '' : 's'}` : '');
  $('summary-title').textContent = [count(issues.length, 'error'), count(warnings.length, 'warning')].filter(Boolean).join(', ') +
    (issues.length ? ' — fix the errors to send' : ' — the update can still be sent');
  summary.className = `summary ${issues.length ? 'has-errors' : 'has-warnings'}`;
}

function showRequest() {
  const changes = loaded && !jsonError ? Object.keys(patch).length : 0;
  const body = loaded ? { agentId: loaded.agentId, lead: patch } : {};
  $('request-body').textContent = JSON.stringify(body, null, 2);
  $('endpoint').textContent = loaded ? `${baseUrl()}/leads/${encodeURIComponent(loaded.id)}` : '—';
  $('change-count').textContent = changes ? `${changes} field${changes === 1 ? '' : 's'} changed` : 'no changes';
  $('change-count').classList.toggle('active', changes > 0);
  $('mobile-count').textContent = hasErrors ? 'fix the errors to send' : $('change-count').textContent;
  $('mobile-bar').classList.toggle('active', changes > 0 || hasErrors);
  const send = $('send');
  send.disabled = sending || !loaded || hasErrors || changes === 0;
  $('discard').disabled = sending || !loaded || (changes === 0 && !jsonError);
  $('send-hint').textContent = !loaded ? 'Choose a lead first.' : sending ? 'Sending…' : hasErrors ? 'Fix the errors to send.'
    : changes === 0 ? 'No changes to send.' : 'Only the changed fields are sent.';
}

function refresh() {
  showIssues();
  showRequest();
}

// ---------------------------------------------------------------------------------
// Editing

function onControl(e) {
  const el = e.target;
  if (!loaded || !el.name || !el.name.startsWith('lead.')) return;
  const kind = el.getAttribute('data-kind') || 'text';
  const value = kind === 'bool' ? (el.checked ? true : undefined) : READ[kind](el.value);
  setAt(edited, segmentsOf(el.name), value);
  if (el.name.startsWith('lead.assignedTo.') && isObject(edited.assignedTo) && Object.keys(edited.assignedTo).length === 0) {
    delete edited.assignedTo;
  }
  patchFromForm();
  refresh();
}
$('summary-list').addEventListener('click', (e) => {
  const link = e.target.closest('a');
  if (!link) return;
  e.preventDefault();
  ($(link.getAttribute('href').slice(1)) ?? jsonBox).focus();
});
form.addEventListener('input', onControl);
form.addEventListener('change', onControl);

form.addEventListener('click', (e) => {
  const button = e.target.closest('button[data-action]');
  if (!button) return;
  const action = button.getAttribute('data-action');
  const i = Number(button.getAttribute('data-activity'));
  const activities = (edited.crmActivities = Array.isArray(edited.crmActivities) ? edited.crmActivities : []);
  let focus;
  if (action === 'clear') {
    const name = button.getAttribute('data-target');
    setAt(edited, segmentsOf(name), null);
    focus = idOf(name);
  } else if (action === 'add-activity') {
    activities.push({ type: 'Note', title: '', date: new Date().toISOString().replace(/\.\d+Z$/, 'Z') });
    focus = idOf(`lead.crmActivities.${activities.length - 1}.type`);
  } else if (action === 'remove-activity') {
    activities.splice(i, 1);
    focus = activities.length ? idOf(`lead.crmActivities.${Math.min(i, activities.length - 1)}.type`) : null;
  } else if (action === 'add-note') {
    const a = activities[i];
    a.notesHistory = [...(Array.isArray(a.notesHistory) ? a.notesHistory : []), { text: '', agentId: loaded.agentId, timestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z') }];
    focus = idOf(`lead.crmActivities.${i}.notesHistory.${a.notesHistory.length - 1}.text`);
  } else if (action === 'remove-note') {
    activities[i].notesHistory.splice(Number(button.getAttribute('data-note')), 1);
    focus = idOf(`lead.crmActivities.${i}.type`);
  }
  if (activities.length === 0 && !Array.isArray(loaded.crmActivities)) delete edited.crmActivities;
  patchFromForm();
  renderForm();
  refresh();
  ($(focus) ?? form.querySelector('[data-action="add-activity"]')).focus();
});

jsonBox.addEventListener('input', () => {
  if (!loaded) return;
  patchFromJson();
  refresh();
});

$('discard').addEventListener('click', () => selectLead(loaded.id));

// ---------------------------------------------------------------------------------
// Leads, sending, faults

const baseUrl = () => $('f-baseUrl').value;

function leadSummary(l) {
  const stage = l.metaData?.stage;
  return h('button', { type: 'button', class: 'lead-item', 'data-id': l.id, 'aria-current': loaded?.id === l.id ? 'true' : undefined },
    h('span', { class: 'lead-name', text: l.name ?? '(no name)' }),
    h('span', { class: 'lead-company', text: l.metaData?.company ?? l.email ?? l.id }),
    h('span', { class: 'lead-tags' },
      stage && h('span', { class: `tag stage-${stage}`, text: stage.replace(/_/g, ' ') }),
      typeof l.hotScore === 'number' && h('span', { class: `tag heat-${l.hotLabel ?? ''}`, text: `${l.hotScore}°` }),
    ),
  );
}

function renderLeads() {
  $('lead-list').replaceChildren(...leads.map((l) => h('li', {}, leadSummary(l))));
}

async function loadLeads() {
  const status = $('leads-status');
  status.textContent = 'Loading…';
  try {
    // Listing is the demo server's own route: the API and the proxy only update leads.
    const res = await fetch('/demo/leads', { headers: { Accept: 'application/json' } });
    const body = await res.json().catch(() => null);
    if (!res.ok || !Array.isArray(body?.data)) {
      throw new Error(body?.message ? `${res.status} ${body.code ?? ''}: ${body.message}` : `HTTP ${res.status}`);
    }
    leads = body.data;
    status.textContent = `${leads.length} leads in the sandbox`;
    renderLeads();
  } catch (e) {
    leads = [];
    renderLeads();
    status.textContent = `Could not list the leads (${e.message}). Is the demo server running?`;
  }
}

function selectLead(id) {
  const lead = leads.find((l) => l.id === id);
  if (!lead) return;
  loaded = clone(lead);
  edited = clone(lead);
  patch = {};
  refused = [];
  jsonError = null;
  jsonBox.value = '{}';
  $('editor-title').textContent = lead.name ?? lead.id;
  $('editor-meta').textContent = `${lead.id} · agent ${lead.agentId}${lead.ts ? ` · updated ${new Date(lead.ts).toLocaleString()}` : ''}`;
  $('outcome').replaceChildren();
  renderLeads();
  renderForm();
  refresh();
}

$('lead-list').addEventListener('click', (e) => {
  const b = e.target.closest('button[data-id]');
  if (b) {
    selectLead(b.getAttribute('data-id'));
    $(`lead-list`).querySelector(`[data-id="${CSS.escape(b.getAttribute('data-id'))}"]`)?.focus();
  }
});
$('reload').addEventListener('click', loadLeads);

function outcomeLine(cls, ...content) {
  const p = h('p', { class: `line ${cls}` }, ...content);
  $('outcome').append(p);
  return p;
}

async function send() {
  if ($('send').disabled) return;
  const body = { agentId: loaded.agentId, lead: clone(patch) };
  const id = loaded.id;
  sending = true;
  showRequest();
  $('outcome').replaceChildren();
  const pending = outcomeLine('pending', `Sending PATCH …/leads/${id}`);
  let client;
  try {
    // No apiKey: the same-origin proxy adds it.
    client = new ConvocoreClient({
      baseUrl: baseUrl(),
      onRetry: ({ attempt, delayMs, error }) => {
        const what = error.status ? `${error.status} ${error.code ?? ''}`.trim() : error.kind;
        outcomeLine('retry', h('strong', { text: `Attempt ${attempt} failed: ${what}.` }), ` Retrying in ${Math.round(delayMs)} ms…`);
      },
    });
    const res = await client.updateLead(id, body, undefined);
    pending.remove();
    outcomeLine('success', h('strong', { text: 'Saved.' }), ` ${res.message}`);
    const stored = res.data;
    $('outcome').append(h('details', {}, h('summary', { text: 'Stored lead' }), h('pre', { text: JSON.stringify(stored, null, 2) })));
    if (isObject(stored) && stored.id === id) {
      leads = leads.map((l) => (l.id === id ? stored : l));
      const outcome = [...$('outcome').childNodes];
      selectLead(id);
      $('outcome').replaceChildren(...outcome);
    }
  } catch (e) {
    if (isConvocoreError(e)) {
      const facts = [`kind: ${e.kind}`, e.status && `status: ${e.status}`, e.code && `code: ${e.code}`, `attempts: ${e.attempts}`];
      outcomeLine('failure', h('strong', { text: 'Not saved.' }), ` ${e.message}`);
      outcomeLine('facts', facts.filter(Boolean).join(' · '));
      if (e.issues.length) {
        $('outcome').append(h('ul', { class: 'issues' }, e.issues.map((i) => h('li', { text: i.path ? `${i.path}: ${i.message}` : i.message }))));
      }
    } else {
      outcomeLine('failure', h('strong', { text: 'Not saved.' }), ` ${e?.message ?? e}`);
    }
  } finally {
    client?.free();
    pending.remove();
    sending = false;
    showRequest();
  }
}
$('send').addEventListener('click', send);

async function setFaults(on) {
  const res = await fetch('/demo/faults', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(on ? { rate: 0.5, kinds: ['429', '503'] } : { rate: 0 }),
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
}

$('f-faults').addEventListener('change', async (e) => {
  const box = e.target;
  const hint = box.parentElement.querySelector('.hint');
  try {
    await setFaults(box.checked);
    hint.textContent = box.checked ? 'on: 50% of requests get 429 or 503' : '50% of requests get 429 or 503';
  } catch (err) {
    box.checked = !box.checked;
    hint.textContent = `not a sandbox? (${err.message})`;
  }
});

$('connection').addEventListener('submit', (e) => e.preventDefault());

// ---------------------------------------------------------------------------------
// Start

const config = await fetch('/config.json').then((r) => r.json());
$('f-baseUrl').value = config.baseUrl;
$('upstream').textContent = config.upstream;
$('version').textContent = `v${version()}`;
try {
  const state = await fetch('/demo/faults').then((r) => r.json());
  $('f-faults').checked = state.random.rate > 0;
} catch {
  // Not a sandbox, or not reachable: the leads list says so.
}
refresh();
await loadLeads();
document.body.setAttribute('data-ready', '');
