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

    function two(n) {
        return (n < 10 ? '0' : '') + n;
    }

    function tick() {
        var now = new Date();
        clock.textContent = two(now.getHours()) + ':' + two(now.getMinutes()) + ':' + two(now.getSeconds());
    }

    function show(answer) {
        status = answer.status;
        window.portalStatus.show(chip, reason, answer);
        root.setAttribute('data-status', answer.status);
        root.className = root.className.replace(/pass--(pending|accepted|failed|needsattention)\b/, 'pass--' + answer.status);
        if (status === 'failed' && checkout) {
            checkout.hidden = true;
        }
    }

    tick();
    window.setInterval(tick, 1000);
    // Fast at first, then every few seconds: a gateway outage can last minutes.
    window.portalStatus.poll({
        url: statusUrl,
        firstDelay: 800,
        delay: function (polls) { return polls < 20 ? 1500 : 4000; },
        maxPolls: 401,
        done: function () { return status === 'accepted' || status === 'failed'; },
        onAnswer: show
    });
}());
