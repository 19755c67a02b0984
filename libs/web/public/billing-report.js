// Enhancement of the report status page: polls the JSON status each second and reloads the page as
// soon as it would show something new (the page refreshes itself with <meta http-equiv="refresh"> anyway).
(function () {
  'use strict';
  var box = document.getElementById('report-status');
  if (!box || !window.fetch) return;
  var url = box.getAttribute('data-status-url');
  var shown = box.getAttribute('data-status');
  if (shown !== 'pending' && shown !== 'mailing') return;
  var tries = 0;
  function poll() {
    tries += 1;
    fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (status) {
        if (status && status.state !== shown) window.location.reload();
        else if (tries < 300) window.setTimeout(poll, 1000);
      })
      .catch(function () { if (tries < 300) window.setTimeout(poll, 2000); });
  }
  window.setTimeout(poll, 700);
})();
