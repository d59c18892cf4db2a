// Kiosk form: scanner-friendly focus handling and the check-out suggestion.
// The form works without this script; it only saves taps.
(function () {
    'use strict';
    var form = document.getElementById('kiosk-form');
    if (!form) {
        return;
    }

    var sub = document.getElementById('Sub');
    var mobile = document.getElementById('MobileNo');
    var submit = document.getElementById('kiosk-submit');
    var suggested = document.getElementById('Suggested');
    var note = document.getElementById('kiosk-suggestion');
    var submitting = false;

    function action() {
        var checked = form.querySelector('input[name="ActionType"]:checked');
        return checked ? checked.value : '';
    }

    function subType() {
        var checked = form.querySelector('input[name="SubType"]:checked');
        return checked ? checked.value : 'uinfin';
    }

    function updateSubmitLabel() {
        submit.textContent = action() === 'checkout' ? 'Check out' : 'Check in';
    }

    function looksComplete(value) {
        value = value.trim();
        return subType() === 'uinfin' ? /^[STFGMstfgm]\d{7}[A-Za-z]$/.test(value) : value.length >= 3;
    }

    // Ask the server whether this visitor is still checked in here today; if so, select check-out.
    function suggest() {
        if (action() !== 'checkin' || suggested.value === 'true' || !looksComplete(sub.value)) {
            return;
        }

        var data = new FormData(form);
        data.delete('MobileNo');
        fetch(form.getAttribute('data-suggest-url'), {
            method: 'POST',
            body: new URLSearchParams(data),
            headers: { 'Accept': 'application/json' },
            credentials: 'same-origin'
        }).then(function (response) {
            return response.ok ? response.json() : null;
        }).then(function (answer) {
            if (!answer || !answer.suggest || action() !== 'checkin') {
                return;
            }

            var checkout = form.querySelector('input[name="ActionType"][value="checkout"]');
            checkout.checked = true;
            suggested.value = 'true';
            updateSubmitLabel();
            note.textContent = 'This visitor checked in here at ' + answer.since + ' today, so check-out is selected. Choose check-in if that is wrong.';
            note.hidden = false;
        }).catch(function () { /* The server asks again on submit. */ });
    }

    // A barcode scanner types the ID and presses Enter: move on to the mobile number instead of submitting.
    sub.addEventListener('keydown', function (event) {
        if (event.key === 'Enter' && mobile.value.trim() === '') {
            event.preventDefault();
            sub.value = sub.value.trim().toUpperCase();
            suggest();
            mobile.focus();
        }
    });
    sub.addEventListener('change', suggest);

    form.querySelectorAll('input[name="ActionType"]').forEach(function (radio) {
        radio.addEventListener('change', function () {
            // A choice made by hand is final: no further suggestion.
            suggested.value = 'true';
            note.hidden = true;
            updateSubmitLabel();
        });
    });

    // One submission per form: a second tap while the first is on its way does nothing.
    form.addEventListener('submit', function (event) {
        if (submitting) {
            event.preventDefault();
            return;
        }

        submitting = true;
        submit.setAttribute('aria-disabled', 'true');
        submit.textContent = 'Saving\u2026';
    });

    updateSubmitLabel();
}());
