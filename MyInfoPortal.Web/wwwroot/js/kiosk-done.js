// Confirmation: follow the submission's status, then reset for the next visitor.
// Without this script the page still offers "Next visitor" and a link to the log.
(function () {
    'use strict';
    var root = document.getElementById('kiosk-done');
    if (!root) {
        return;
    }

    var statusUrl = root.getAttribute('data-status-url');
    var nextUrl = root.getAttribute('data-next-url');
    var remaining = parseInt(root.getAttribute('data-seconds'), 10) || 8;
    var status = root.getAttribute('data-status');
    var chip = document.getElementById('kiosk-status-chip');
    var reason = document.getElementById('kiosk-status-reason');
    var countdown = document.getElementById('kiosk-countdown');
    var correct = document.getElementById('kiosk-correct');
    var next = document.getElementById('kiosk-next');
    // The resident's confirmation has no next visitor: no countdown there.
    var resets = nextUrl !== null && countdown !== null;
    var timer = null;

    function show(answer) {
        status = answer.status;
        window.portalStatus.show(chip, reason, answer);
        root.className = root.className.replace(/kiosk-done--\w+/, 'kiosk-done--' + answer.status);
        if (status === 'failed') {
            // Staff need to see a refusal: no automatic reset.
            stopCountdown();
            if (correct && next) {
                correct.hidden = false;
                next.classList.remove('button--primary');
                correct.focus();
            }
        }
    }

    function tick() {
        if (remaining <= 0) {
            window.location.assign(nextUrl);
            return;
        }

        countdown.textContent = 'Next visitor in ' + remaining + ' s';
        remaining -= 1;
    }

    function stopCountdown() {
        if (timer !== null) {
            window.clearInterval(timer);
            timer = null;
        }

        if (countdown) {
            countdown.hidden = true;
        }
    }

    if (resets && status !== 'failed') {
        countdown.hidden = false;
        tick();
        timer = window.setInterval(tick, 1000);
    }

    window.portalStatus.poll({
        url: statusUrl,
        firstDelay: 700,
        delay: function () { return 1500; },
        maxPolls: 121,
        done: function () { return status !== 'pending'; },
        onAnswer: show
    });
}());
