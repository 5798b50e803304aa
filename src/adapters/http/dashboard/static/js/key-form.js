/* global document */
/** The one-time API key form: shown on first visit, and again when the stored key is refused. */

export function askForKey(message = '') {
  const panel = document.getElementById('key-panel');
  const form = document.getElementById('key-form');
  const input = document.getElementById('api-key');
  const error = document.getElementById('key-error');
  document.getElementById('board').hidden = true;
  document.getElementById('campaign-bar').hidden = true;
  document.getElementById('change-key').hidden = true;
  error.textContent = message;
  input.setAttribute('aria-invalid', message === '' ? 'false' : 'true');
  input.value = '';
  panel.hidden = false;
  input.focus();
  return new Promise((resolve) => {
    form.addEventListener('submit', function submitted(event) {
      event.preventDefault();
      const key = input.value.trim();
      if (key === '') {
        error.textContent = 'Enter the API key.';
        return;
      }
      form.removeEventListener('submit', submitted);
      panel.hidden = true;
      resolve(key);
    });
  });
}
