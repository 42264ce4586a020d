// A little help where JavaScript runs; every page works without it.
// A form is sent once: the submit button is disabled while the page is on its way.
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== 'post') return;
  for (const button of form.querySelectorAll('button[type="submit"]')) {
    window.setTimeout(() => button.setAttribute('disabled', ''), 0);
  }
});
