// Buttons marked data-print print the page (no inline handler: the site's CSP forbids them).
document.addEventListener("click", (event) => {
    if (event.target.closest("[data-print]")) {
        window.print();
    }
});
