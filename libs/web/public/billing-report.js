// The report status page: polls the JSON status and updates the page in place. The status box is an
// aria-live region, so a screen reader hears each change (pending → ready, failed, sent); once a
// download that was asked for is ready, the file starts downloading by itself (the visible link stays
// as the fallback). Without JavaScript the page refreshes itself (<noscript> meta refresh) instead.
(function () {
  'use strict';
  var box = document.getElementById('report-status');
  if (!box || !window.fetch) return;
  var url = box.getAttribute('data-status-url');
  var shown = box.getAttribute('data-status');
  if (shown !== 'pending' && shown !== 'mailing') return;
  var link = document.getElementById('report-download');
  var refresh = document.getElementById('report-refresh');
  var said = null;
  var tries = 0;
  function paragraph(text, className) {
    var p = document.createElement('p');
    if (className) p.className = className;
    p.textContent = text;
    return p;
  }
  function show(status) {
    shown = status.state;
    said = status.message + '\n' + (status.mailMessage || '');
    box.setAttribute('data-status', status.state);
    while (box.firstChild) box.removeChild(box.firstChild);
    box.appendChild(paragraph(status.message, status.state === 'pending' ? 'spinner' : ''));
    if (status.mailMessage) box.appendChild(paragraph(status.mailMessage, 'report-mail'));
    if (link && status.downloadUrl) link.hidden = false;
    if (refresh && !status.waiting) refresh.hidden = true;
    if (status.autoDownload && status.downloadUrl) window.location.assign(status.downloadUrl);
  }
  function poll() {
    tries += 1;
    fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (status) {
        if (status) {
          var text = status.message + '\n' + (status.mailMessage || '');
          if (status.state !== shown || (said !== null && said !== text)) show(status);
          else said = text;
        }
        if ((!status || status.waiting) && tries < 1200) window.setTimeout(poll, 500);
      })
      .catch(function () { if (tries < 1200) window.setTimeout(poll, 2000); });
  }
  window.setTimeout(poll, 300);
})();
