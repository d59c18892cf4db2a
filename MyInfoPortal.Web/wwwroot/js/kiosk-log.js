// Staff log: keeps statuses and counts current without reloading the page (and without moving focus).
(function () {
    'use strict';
    var root = document.getElementById('kiosk-log');
    if (!root) {
        return;
    }

    var url = root.getAttribute('data-status-url');
    var newest = parseInt(root.getAttribute('data-newest'), 10) || 0;
    var banner = document.getElementById('log-new');
    var interval = 3000;

    function updateRow(row) {
        var tr = root.querySelector('tr[data-id="' + row.id + '"]');
        if (!tr) {
            return;
        }

        window.portalStatus.show(tr.querySelector('[data-role="chip"]'), tr.querySelector('[data-role="reason"]'), row);

        var retry = tr.querySelector('[data-role="retry"]');
        if (retry && retry.contains(document.activeElement) === false) {
            retry.hidden = !row.canRetry;
        }
    }

    function updateCounts(counts) {
        Object.keys(counts).forEach(function (key) {
            var name = key.charAt(0).toUpperCase() + key.slice(1);
            var cell = root.querySelector('[data-count="' + name + '"]');
            if (cell && cell.textContent !== String(counts[key])) {
                cell.textContent = String(counts[key]);
            }
        });
    }

    function show(data) {
        data.rows.forEach(updateRow);
        updateCounts(data.counts);
        if (data.newest > newest) {
            banner.hidden = false;
        }
    }

    window.portalStatus.poll({
        url: url,
        firstDelay: interval,
        delay: function () { return interval; },
        whileVisible: true,
        // The staff session ended: show the sign-in page rather than stale statuses.
        onUnauthorized: function () { window.location.reload(); },
        onAnswer: show
    });
}());
