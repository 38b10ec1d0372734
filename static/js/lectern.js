/*
 * Small progressive enhancements. Every page works without this file.
 * - The account menu (a <details> element) closes on Escape and on a click outside.
 */
(function () {
    "use strict";

    var menus = document.querySelectorAll("[data-user-menu]");
    if (!menus.length) {
        return;
    }

    document.addEventListener("click", function (event) {
        menus.forEach(function (menu) {
            if (menu.open && !menu.contains(event.target)) {
                menu.open = false;
            }
        });
    });

    document.addEventListener("keydown", function (event) {
        if (event.key !== "Escape") {
            return;
        }
        menus.forEach(function (menu) {
            if (menu.open) {
                menu.open = false;
                menu.querySelector("summary").focus();
            }
        });
    });
})();
