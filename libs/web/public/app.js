// Progressive enhancement only: every page works without this file.
(function () {
  'use strict';
  // A form that is being sent cannot be sent twice, and shows that it is working.
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || event.defaultPrevented) return;
    if (form.dataset.submitting === '1') { event.preventDefault(); return; }
    form.dataset.submitting = '1';
    var buttons = form.querySelectorAll('button[type=submit], input[type=submit]');
    buttons.forEach(function (button) {
      button.setAttribute('aria-busy', 'true');
      setTimeout(function () { button.disabled = true; }, 0);
    });
  });
  window.addEventListener('pageshow', function () {
    document.querySelectorAll('form[data-submitting]').forEach(function (form) {
      delete form.dataset.submitting;
      form.querySelectorAll('button, input[type=submit]').forEach(function (b) { b.disabled = false; b.removeAttribute('aria-busy'); });
    });
  });
})();
