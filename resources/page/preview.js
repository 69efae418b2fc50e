// The preview page's only script. It takes the rendered post from the PreviewBridge over
// QWebChannel, puts it into the page and acknowledges it, and scrolls to source lines.
'use strict';

// A post's <iframe srcdoc> inherits the page's CSP, so it could load this file too: only the
// page itself connects to the bridge.
if (window === window.top && typeof qt !== 'undefined') {
    (function () {
        const headerBox = document.getElementById('post-header');
        const contentBox = document.getElementById('post-content');
        const notice = document.getElementById('truncated-notice');
        let bridge = null;
        let shownHeader = null;
        // [{line, element}] with strictly increasing lines, built when first needed after an
        // update: a keystroke should not pay for a walk over every block.
        let lineIndex = null;

        function applyContent() {
            // Replacing the content can shrink the page for a moment; the reader's place is put
            // back explicitly rather than left to scroll anchoring, whose anchor is replaced.
            const scrollY = window.scrollY;
            if (bridge.header !== shownHeader) {
                headerBox.innerHTML = bridge.header;
                shownHeader = bridge.header;
            }
            contentBox.innerHTML = bridge.body;
            notice.hidden = !bridge.truncated;
            lineIndex = null;
            window.scrollTo(0, scrollY);
            bridge.acknowledge(bridge.revision);
        }

        function buildLineIndex() {
            const index = [];
            let last = -Infinity;
            for (const element of contentBox.querySelectorAll('[data-source-line]')) {
                const line = Number(element.getAttribute('data-source-line'));
                // Document order: the outermost block of a line comes first and is kept.
                if (line > last) {
                    index.push({line: line, element: element});
                    last = line;
                }
            }
            return index;
        }

        function pageTop(element) {
            return element.getBoundingClientRect().top + window.scrollY;
        }

        function scrollToLine(line) {
            if (!lineIndex)
                lineIndex = buildLineIndex();
            // The last block starting at or before the line.
            let low = 0;
            let high = lineIndex.length;
            while (low < high) {
                const middle = (low + high) >> 1;
                if (lineIndex[middle].line <= line)
                    low = middle + 1;
                else
                    high = middle;
            }
            if (low === 0) { // front matter, or before the first block: show the header
                window.scrollTo(0, 0);
                return;
            }
            const before = lineIndex[low - 1];
            let y = pageTop(before.element);
            // Inside a long block (code, a list), move through it in proportion to the lines.
            if (low < lineIndex.length) {
                const after = lineIndex[low];
                const next = pageTop(after.element);
                if (next > y)
                    y += (next - y) * (line - before.line) / (after.line - before.line);
            }
            window.scrollTo(0, y);
        }

        // Kramdown's automatic heading ids, which fragment links in Jekyll posts rely on.
        function headingId(heading) {
            return heading.textContent.trim().toLowerCase()
                .replace(/[^\p{L}\p{N}\s_-]/gu, '')
                .replace(/\s+/g, '-');
        }

        function fragmentTarget(fragment) {
            const byId = document.getElementById(fragment);
            if (byId)
                return byId;
            const named = document.getElementsByName(fragment);
            if (named.length)
                return named[0];
            for (const heading of contentBox.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
                if (headingId(heading) === fragment)
                    return heading;
            }
            return null;
        }

        // In-page links scroll here; following them would change the page's URL. Every other
        // link is left to the view, which refuses the navigation and opens web links outside.
        document.addEventListener('click', function (event) {
            const link = event.target.closest && event.target.closest('a[href]');
            if (!link)
                return;
            const href = link.getAttribute('href');
            if (!href.startsWith('#'))
                return;
            event.preventDefault();
            let fragment = href.slice(1);
            try {
                fragment = decodeURIComponent(fragment);
            } catch (error) {
                // Not percent-encoded after all: use it as written.
            }
            const target = fragmentTarget(fragment);
            if (target)
                window.scrollTo(0, pageTop(target));
        });

        new QWebChannel(qt.webChannelTransport, function (channel) {
            bridge = channel.objects.bridge;
            bridge.contentChanged.connect(applyContent);
            bridge.scrollLineChanged.connect(function () {
                scrollToLine(bridge.scrollLine);
            });
            // A reloaded page (a setting changed) starts from what the last one showed.
            applyContent();
            if (bridge.scrollLine > 0)
                scrollToLine(bridge.scrollLine);
        });
    })();
}
