// «Показания приборов учёта»: asks before sending readings for only one of several working meters.
// Progressive enhancement: without this file the server answers with a confirmation page instead.
(function () {
  'use strict';
  var form = document.getElementById('readings-form');
  var dialog = document.getElementById('single-meter-dialog');
  if (!form || !dialog || typeof dialog.showModal !== 'function') return;
  var confirmField = document.getElementById('confirm-single-meter');
  var working = Number(form.getAttribute('data-working-meters')) || 0;
  var opener = null;

  function filledCount() {
    var count = 0;
    form.querySelectorAll('input.reading-value').forEach(function (input) {
      if (input.value.trim() !== '') count += 1;
    });
    return count;
  }

  // A refused row's message speaks of the value it refused: once that value is edited, the message goes
  // (the server checks the new value again when the readings are sent).
  form.addEventListener('input', function (event) {
    var input = event.target;
    if (!input.classList || !input.classList.contains('invalid')) return;
    input.classList.remove('invalid');
    input.removeAttribute('aria-invalid');
    var message = document.getElementById(input.getAttribute('aria-describedby'));
    if (message) message.remove();
    input.removeAttribute('aria-describedby');
    var row = input.closest('tr');
    if (row) row.classList.remove('row-error');
  });

  form.addEventListener('submit', function (event) {
    if (confirmField.value === '1') return;
    if (working > 1 && filledCount() === 1) {
      event.preventDefault();
      opener = document.activeElement;
      dialog.showModal();
      document.getElementById('single-meter-cancel').focus();
    }
  });

  document.getElementById('single-meter-confirm').addEventListener('click', function () {
    confirmField.value = '1';
    dialog.close();
    if (typeof form.requestSubmit === 'function') form.requestSubmit(); else form.submit();
  });

  document.getElementById('single-meter-cancel').addEventListener('click', function () {
    dialog.close();
  });

  // The modal dialog keeps the focus (dialog-focus.js); Escape closes it, like «Отмена».
  window.keepFocusInDialog(dialog);

  dialog.addEventListener('close', function () {
    if (confirmField.value !== '1' && opener && typeof opener.focus === 'function') opener.focus();
  });
})();
