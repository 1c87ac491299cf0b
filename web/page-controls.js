// page-controls.js: the page's own HTML beside the canvas, for what a canvas cannot do:
// - the primary actions as real, labelled buttons (keyboard and screen readers reach them; they
//   show as a bar when focused; the canvas keeps drawing the ImGui toolbar for pointer users);
// - an aria-live region announcing state changes (listening, stopped, a file ready) and, on
//   request, the current peak (frequency, note, level);
// - the number editor: a real <input inputmode="decimal"> over a number field tapped on a touch
//   layout (the phone's keyboard comes up), applied through the app's own validation;
// - the screen wake lock while listening (where the browser has one).
// Does not: keep any state of its own beyond what is on screen; every action goes to the app.

const bar = document.getElementById('page-controls');
const live = document.getElementById('announce');
const editor = document.getElementById('number-edit');
const editorLabel = document.getElementById('number-edit-label');
const editorInput = document.getElementById('number-edit-input');
const editorError = document.getElementById('number-edit-error');
let module = null;
let state = { capturing: false, frozen: false, file: false };

// Says `text` to a screen reader (polite: after what it is reading). The same text twice in a
// row is still read: the region is emptied first.
export function announce(text) {
  live.textContent = '';
  setTimeout(() => { live.textContent = text; }, 50);
}

// A note name for a frequency at A4 = `a4Hz` ("A4 +3 cents").
export function describePeak() {
  const peak = spectrogram.peak();
  if (!(peak.hz > 0)) return state.capturing ? 'No clear peak: the sound is quiet or noisy.' : 'Nothing is playing: press Start first.';
  const level = peak.db.toFixed(1).replace('-', '−');
  // The note and cents come from the app (its A4); here they are only worded: a sharp sign and a
  // minus sign, which screen readers say as "sharp" and "minus".
  const cents = Math.round(peak.cents);
  const note = peak.note === null ? '' : `, ${peak.note.replace('#', '♯')} ${cents >= 0 ? '+' : '−'}${Math.abs(cents)} cents`;
  return `Peak ${peak.hz.toFixed(1)} Hz${note}, ${level} dBFS.`;
}

function download(blob) {
  SpectrogramAudio.download(blob, blob.name);
  announce(`Saved ${blob.name}.`);
}

function failed(error) {
  announce(String(error && error.message ? error.message : error));
}

const actions = {
  start: () => (state.capturing ? spectrogram.stop() : spectrogram.start().catch(failed)),
  freeze: () => module.command('freeze'),
  clear: () => module.command('clear'),
  png: () => spectrogram.exportPNG().then(download, failed),
  wav: () => spectrogram.exportWAV().then(download, failed),
  csv: () => spectrogram.exportCSV().then(download, failed),
  open: () => document.getElementById('file-input').click(),
  settings: () => module.command('settings'),
  help: () => module.command('help'),
  peak: () => announce(describePeak()),
};

function relabel() {
  const start = bar.querySelector('[data-action="start"]');
  start.textContent = state.capturing ? 'Stop listening' : 'Start listening';
  const freeze = bar.querySelector('[data-action="freeze"]');
  freeze.textContent = state.frozen ? 'Follow the sound again' : 'Freeze the picture';
  freeze.setAttribute('aria-pressed', String(state.frozen));
  freeze.disabled = state.file;
}

// [SECTION] the wake lock: the screen stays on while listening (a phone on a stand)

let wakeLock = null;
async function holdScreen(wanted) {
  if (!('wakeLock' in navigator)) return;
  if (!wanted) {
    const held = wakeLock;
    wakeLock = null;
    if (held) held.release().catch(() => {});
    return;
  }
  if (wakeLock || document.visibilityState !== 'visible') return;
  try {
    wakeLock = await navigator.wakeLock.request('screen');
    wakeLock.addEventListener('release', () => { wakeLock = null; });
  } catch { /* refused (battery saver, no permission): the screen may dim, nothing else changes */ }
}
// Why again on return: the browser releases the lock whenever the tab is hidden.
document.addEventListener('visibilitychange', () => { if (state.capturing) holdScreen(true); });

// [SECTION] the number editor

let editing = null;  // {key, label}

function placeEditor(field) {
  const canvasTop = document.getElementById('canvas').getBoundingClientRect().top;
  const width = Math.min(window.innerWidth - 16, Math.max(field.width, 260));
  editor.style.left = `${Math.max(8, Math.min(field.x, window.innerWidth - width - 8))}px`;
  editor.style.width = `${width}px`;
  // Above the middle of the screen: under the field; below it: over the field (the keyboard
  // takes the lower half of a phone's screen).
  const top = canvasTop + field.y;
  editor.style.top = `${Math.max(8, Math.min(top, window.innerHeight * 0.45))}px`;
}

function openEditor(field) {
  editing = { key: field.key, label: field.label };
  editorLabel.textContent = field.label;
  editorInput.value = field.value;
  editorError.textContent = '';
  editor.hidden = false;
  placeEditor(field);
  editorInput.focus();
  editorInput.select();
}

function closeEditor() {
  editor.hidden = true;
  editing = null;
  document.getElementById('canvas').focus({ preventScroll: true });
}

// Applies the typed value; a bad one keeps the editor open with the reason.
function submitEditor(event) {
  event.preventDefault();
  if (!editing) return;
  let text = editorInput.value.trim().replace(/\s+/g, '');
  if (/^[-+−]?\d+,\d+$/.test(text)) text = text.replace(',', '.');  // a decimal comma
  text = text.replace('−', '-');
  if (text === '') {
    editorError.textContent = `Type a number for ${editing.label}.`;
    return;
  }
  const error = module.applySettings([[editing.key, text]]);
  if (error) {
    editorError.textContent = error;
    editorInput.focus();
    return;
  }
  announce(`${editing.label} set to ${text}.`);
  closeEditor();
}

// [SECTION] installation

export function installPageControls(Module) {
  module = Module;
  for (const button of bar.querySelectorAll('button[data-action]')) {
    button.addEventListener('click', () => actions[button.dataset.action]());
  }
  // Why a class as well as :focus-within: a window without the system's focus (a second
  // monitor, some automation) still moves focus between the buttons but matches no :focus.
  bar.addEventListener('focusin', () => bar.classList.add('focused'));
  bar.addEventListener('focusout', (event) => { if (!bar.contains(event.relatedTarget)) bar.classList.remove('focused'); });
  editor.addEventListener('submit', submitEditor);
  document.getElementById('number-edit-cancel').addEventListener('click', closeEditor);
  editor.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') { event.preventDefault(); closeEditor(); }
    event.stopPropagation();  // why: the app's shortcuts (S, C, Space) must not fire while typing
  });
  editor.addEventListener('keyup', (event) => event.stopPropagation());
  editor.addEventListener('keypress', (event) => event.stopPropagation());
  relabel();
}

// Called by the app (SpectrogramPage.stateChanged) when what it is doing changes.
export function stateChanged(next) {
  const was = state;
  state = { capturing: Boolean(next.capturing), frozen: Boolean(next.frozen), file: Boolean(next.file) };
  relabel();
  if (state.capturing !== was.capturing) holdScreen(state.capturing);
  if (next.announcement) announce(next.announcement);
}

export const editNumber = openEditor;

// Called by the app (SpectrogramPage.themeChanged) when the interface's theme is set: the page
// around the canvas (its ground, the browser's bar colour) follows.
export function themeChanged(theme) {
  const light = theme === 'light';
  document.documentElement.classList.toggle('light', light);
  const meta = document.querySelector('meta[name="theme-color"]');
  if (meta) meta.setAttribute('content', light ? '#f2f2f5' : '#14141a');
}
