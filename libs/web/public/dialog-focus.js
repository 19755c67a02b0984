// A modal dialog keeps the focus: Tab and Shift+Tab go round its controls and never leave it for the
// page behind or the browser's own controls. Escape closes it (the browser's cancel). Used by the
// readings page's two dialogs (one meter of several, an unusual consumption).
window.keepFocusInDialog = function (dialog) {
  'use strict';
  dialog.addEventListener('keydown', function (event) {
    if (event.key !== 'Tab') return;
    var focusable = dialog.querySelectorAll('button:not([disabled]), a[href], input:not([disabled]):not([type=hidden])');
    if (focusable.length === 0) return;
    var first = focusable[0];
    var last = focusable[focusable.length - 1];
    if (event.shiftKey && (document.activeElement === first || !dialog.contains(document.activeElement))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (document.activeElement === last || !dialog.contains(document.activeElement))) {
      event.preventDefault();
      first.focus();
    }
  });
};
