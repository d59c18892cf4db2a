// Myinfo callback page: follows the continuation link straight away. location.replace keeps the
// callback address (which carries the authorisation code) out of the browser history. Without
// script, the same link is there to select.
(function () {
    'use strict';
    var link = document.getElementById('myinfo-continue');
    if (link && link.href) {
        window.location.replace(link.href);
    }
}());
