// Registration form (identity): switches between «Физическое лицо» and «Юридическое лицо» in place,
// and shows the login the server computes from the contract or account number while it is typed.
// Progressive enhancement only: without this file the tabs are links and the server shows the login.
(function () {
  'use strict';
  var tabs = document.querySelectorAll('[data-tab]');
  var forms = document.querySelectorAll('form.register-form[data-type]');
  if (tabs.length === 0 || forms.length === 0) return;

  function show(type) {
    forms.forEach(function (form) { form.hidden = form.dataset.type !== type; });
    tabs.forEach(function (tab) {
      var active = tab.dataset.tab === type;
      tab.classList.toggle('active', active);
      if (active) tab.setAttribute('aria-current', 'page'); else tab.removeAttribute('aria-current');
    });
    if (window.history && history.replaceState) history.replaceState(null, '', '/register?type=' + type);
  }
  tabs.forEach(function (tab) {
    tab.addEventListener('click', function (event) {
      event.preventDefault();
      show(tab.dataset.tab);
      var first = document.querySelector('form[data-type="' + tab.dataset.tab + '"] input[type=text]');
      if (first) first.focus();
    });
  });

  document.querySelectorAll('[data-login-source]').forEach(function (input) {
    var type = input.dataset.loginSource;
    var target = document.querySelector('[data-login-preview="' + type + '"]');
    if (!target) return;
    var timer = null;
    var seq = 0;
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var mine = ++seq;
        var number = input.value.trim();
        if (number === '') { target.value = ''; return; }
        fetch('/api/v1/registrations/login-preview?type=' + encodeURIComponent(type) + '&number=' + encodeURIComponent(number), { headers: { Accept: 'application/json' }, credentials: 'omit' })
          .then(function (res) { return res.ok ? res.json() : { login: '' }; })
          .then(function (body) { if (mine === seq) target.value = body.login || ''; })
          .catch(function () { /* the server shows the login after submitting anyway */ });
      }, 150);
    });
  });
})();
