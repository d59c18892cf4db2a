// Staff log: keeps statuses and counts current without reloading the page (and without moving focus).
(function () {
    'use strict';
    var root = document.getElementById('kiosk-log');
    if (!root || !window.fetch) {
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

        var chip = tr.querySelector('[data-role="chip"]');
        if (chip.textContent !== row.text) {
            chip.textContent = row.text;
            chip.className = 'status status--' + row.status;
        }

        var reason = tr.querySelector('[data-role="reason"]');
        if (reason.textContent !== (row.reason || '')) {
            reason.textContent = row.reason || '';
        }

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

    function refresh() {
        if (document.hidden) {
            window.setTimeout(refresh, interval);
            return;
        }

        fetch(url, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin', cache: 'no-store' })
            .then(function (response) {
                if (response.status === 401) {
                    // The staff session ended: show the sign-in page rather than stale statuses.
                    window.location.reload();
                    return null;
                }

                return response.ok ? response.json() : null;
            })
            .then(function (data) {
                if (!data) {
                    return;
                }

                data.rows.forEach(updateRow);
                updateCounts(data.counts);
                if (data.newest > newest) {
                    banner.hidden = false;
                }
            })
            .catch(function () { /* Try again on the next tick. */ })
            .then(function () { window.setTimeout(refresh, interval); });
    }

    window.setTimeout(refresh, interval);
}());
