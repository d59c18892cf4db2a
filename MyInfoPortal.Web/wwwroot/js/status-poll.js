// Following a status URL without a reload, for every page that does it: the kiosk and self check-in
// confirmations, the phone pass and the staff log. Load it before the page's own script.
(function () {
    'use strict';

    // Fetches options.url as JSON: first after options.firstDelay ms, then again options.delay(count) ms
    // after each answer or failure, until options.done() says so or options.maxPolls requests have gone.
    // Each answer goes to options.onAnswer. With options.whileVisible, a hidden page waits a round instead
    // of asking; options.onUnauthorized, when given, handles a 401 (such as a staff session that ended).
    function poll(options) {
        if (!window.fetch || !options.url) {
            return;
        }

        var count = 0;

        function round() {
            if ((options.done && options.done()) || (options.maxPolls !== undefined && count >= options.maxPolls)) {
                return;
            }

            if (options.whileVisible && document.hidden) {
                window.setTimeout(round, options.delay(count));
                return;
            }

            count += 1;
            fetch(options.url, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin', cache: 'no-store' })
                .then(function (response) {
                    if (response.status === 401 && options.onUnauthorized) {
                        options.onUnauthorized();
                        return null;
                    }

                    return response.ok ? response.json() : null;
                })
                .then(function (answer) {
                    if (answer) {
                        options.onAnswer(answer);
                    }
                })
                .catch(function () { /* Try again on the next round. */ })
                .then(function () { window.setTimeout(round, options.delay(count)); });
        }

        window.setTimeout(round, options.firstDelay);
    }

    // Shows a status answer ({ status, text, reason }) in its chip and reason line; unchanged text is left
    // alone, so assistive technology does not hear it again.
    function show(chip, reason, answer) {
        if (chip.textContent !== answer.text) {
            chip.textContent = answer.text;
        }

        var className = 'status status--' + answer.status;
        if (chip.className !== className) {
            chip.className = className;
        }

        if (reason && reason.textContent !== (answer.reason || '')) {
            reason.textContent = answer.reason || '';
        }
    }

    window.portalStatus = { poll: poll, show: show };
}());
