// The phone pass: a clock that runs, and the delivery status followed without a reload.
// Without this script the pass still shows everything as it was when the page was loaded.
(function () {
    'use strict';
    var root = document.getElementById('pass');
    if (!root) {
        return;
    }

    var statusUrl = root.getAttribute('data-status-url');
    var status = root.getAttribute('data-status');
    var chip = document.getElementById('pass-status-chip');
    var reason = document.getElementById('pass-status-reason');
    var clock = document.getElementById('pass-clock');
    var checkout = document.getElementById('pass-checkout');
    var polls = 0;

    function two(n) {
        return (n < 10 ? '0' : '') + n;
    }

    function tick() {
        var now = new Date();
        clock.textContent = two(now.getHours()) + ':' + two(now.getMinutes()) + ':' + two(now.getSeconds());
    }

    function show(answer) {
        status = answer.status;
        chip.textContent = answer.text;
        chip.className = 'status status--' + answer.status;
        reason.textContent = answer.reason || '';
        root.setAttribute('data-status', answer.status);
        root.className = root.className.replace(/pass--(pending|accepted|failed|needsattention)\b/, 'pass--' + answer.status);
        if (status === 'failed' && checkout) {
            checkout.hidden = true;
        }
    }

    // Fast at first, then every few seconds: a gateway outage can last minutes.
    function poll() {
        if (status === 'accepted' || status === 'failed' || polls > 400) {
            return;
        }

        polls += 1;
        fetch(statusUrl, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin', cache: 'no-store' })
            .then(function (response) { return response.ok ? response.json() : null; })
            .then(function (answer) {
                if (answer) {
                    show(answer);
                }
            })
            .catch(function () { /* Try again on the next round. */ })
            .then(function () { window.setTimeout(poll, polls < 20 ? 1500 : 4000); });
    }

    tick();
    window.setInterval(tick, 1000);
    window.setTimeout(poll, 800);
}());
