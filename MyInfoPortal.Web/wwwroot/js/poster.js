// The poster's print button: shown only when there is a script to press it.
(function () {
    'use strict';
    var button = document.getElementById('poster-print');
    if (!button) {
        return;
    }

    button.hidden = false;
    button.addEventListener('click', function () { window.print(); });
}());
