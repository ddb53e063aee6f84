/* global document, localStorage, fetch */
// Delivery estimates without a page load, and the postal code remembered in the functional
// localStorage item `hs_delivery` (as long as the privacy manifest declares). Everything works
// without this script: the form falls back to GET /delivery.
(function () {
  'use strict';
  var KEY = 'hs_delivery';
  var DAY_MS = 24 * 60 * 60 * 1000;
  var valid = /^\d{5}$/;

  function remembered() {
    try {
      var item = JSON.parse(localStorage.getItem(KEY) || 'null');
      if (!item || !valid.test(item.postalCode) || !(item.expires > Date.now())) {
        localStorage.removeItem(KEY);
        return null;
      }
      return item.postalCode;
    } catch {
      return null;
    }
  }

  function remember(postalCode, days) {
    try {
      localStorage.setItem(
        KEY,
        JSON.stringify({ postalCode: postalCode, expires: Date.now() + days * DAY_MS }),
      );
    } catch {
      /* storage full or disabled: estimates still work */
    }
  }

  function cell(tag, text, scope) {
    var el = document.createElement(tag);
    el.textContent = text;
    if (scope) el.setAttribute('scope', scope);
    return el;
  }

  function render(results, data, labels) {
    var table = document.createElement('table');
    table.appendChild(cell('caption', labels.caption + ' ' + data.postalCode));
    var head = document.createElement('tr');
    [labels.carrier, labels.time, labels.fee].forEach(function (t) {
      head.appendChild(cell('th', t, 'col'));
    });
    table.appendChild(document.createElement('thead')).appendChild(head);
    var body = table.appendChild(document.createElement('tbody'));
    data.estimates.forEach(function (e) {
      var row = document.createElement('tr');
      row.appendChild(cell('th', e.name, 'row'));
      row.appendChild(cell('td', e.display.time));
      row.appendChild(cell('td', e.display.fee));
      body.appendChild(row);
    });
    results.replaceChildren(table);
  }

  function setUp(form) {
    var input = form.querySelector('input[name="postalCode"]');
    var error = form.querySelector('[data-delivery-error]');
    var results = form.parentElement.querySelector('[data-delivery-results]');
    var labels = {
      caption: results.dataset.labelCaption,
      carrier: results.dataset.labelCarrier,
      time: results.dataset.labelTime,
      fee: results.dataset.labelFee,
    };
    var lang = document.documentElement.lang || 'en';
    // The manifest's lifetime for hs_delivery, rendered by the server.
    var lifetimeDays = Number(form.dataset.lifetimeDays) || 90;

    function show(postalCode) {
      var url =
        '/api/delivery/estimates?postalCode=' + encodeURIComponent(postalCode) + '&lang=' + lang;
      fetch(url, { headers: { accept: 'application/json' } })
        .then(function (res) {
          return res.json().then(function (body) {
            return { ok: res.ok, body: body };
          });
        })
        .then(function (r) {
          if (!r.ok) {
            error.textContent = (r.body.fields && r.body.fields.postalCode) || r.body.message;
            input.setAttribute('aria-invalid', 'true');
            return;
          }
          error.textContent = '';
          input.removeAttribute('aria-invalid');
          remember(r.body.postalCode, lifetimeDays);
          render(results, r.body, labels);
        })
        .catch(function () {
          form.submit();
        });
    }

    form.addEventListener('submit', function (event) {
      event.preventDefault();
      show(input.value.trim());
    });
    var saved = remembered();
    if (saved && !input.value) {
      input.value = saved;
      show(saved);
    }
  }

  document.querySelectorAll('form[data-delivery-form]').forEach(setUp);
})();
