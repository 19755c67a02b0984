// «Показания приборов учёта»: the server asked about an unusual consumption (METERING.UNUSUAL_CONSUMPTION)
// and rendered its dialog open. Shown modally here, as the single-meter dialog is; without this file it
// still works (an open dialog, «Передать» a submit button of the form, «Отмена» a method="dialog" form).
(function () {
  'use strict';
  var dialog = document.getElementById('unusual-dialog');
  if (!dialog || typeof dialog.showModal !== 'function') return;
  dialog.close();
  dialog.showModal();
  window.keepFocusInDialog(dialog);
  document.getElementById('unusual-cancel').focus();
  // «Отмена»: back to the first value typed, which stays in its field to be checked.
  dialog.addEventListener('close', function () {
    var first = document.querySelector('#readings-form input.reading-value');
    var typed = Array.prototype.filter.call(document.querySelectorAll('#readings-form input.reading-value'), function (input) {
      return input.value.trim() !== '';
    });
    var target = typed[0] || first;
    if (target && typeof target.focus === 'function') target.focus();
  });
})();
