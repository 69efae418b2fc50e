// The preview page's only script. It takes the rendered post from the PreviewBridge over
// QWebChannel as patches of top-level blocks, applies them to the page and acknowledges them,
// scrolls to source lines, and switches the look (Meetdown's or the site's stylesheets).
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
        let shownRevision = 0;
        // The top-level nodes of each block the view sent, in order: a patch names blocks.
        let blocks = [];
        // Separates blocks parsed in one go; the post cannot guess it to fake one.
        const separator = 'meetdown-block-' + Math.random().toString(36).slice(2) +
            Date.now().toString(36);
        // [{line, element}] with strictly increasing lines, built when first needed after an
        // update: a keystroke should not pay for a walk over every block.
        let lineIndex = null;
        // The view writes the look of the moment into the template; later changes come as
        // style revisions over the bridge.
        let shownStyleRevision = Number(document.documentElement.dataset.styleRevision) || 0;

        // Each block parses the same alone as in place (the view cuts only where no element is
        // open), so all of them are parsed at once and split at separator comments; should the
        // count not match, one block swallowed a separator and they are parsed one by one.
        function parseBlocks(htmlBlocks) {
            if (!htmlBlocks.length)
                return [];
            const holder = document.createElement('div');
            holder.innerHTML = htmlBlocks.join('<!--' + separator + '-->');
            const groups = [[]];
            for (const node of Array.from(holder.childNodes)) {
                if (node.nodeType === Node.COMMENT_NODE && node.data === separator)
                    groups.push([]);
                else
                    groups[groups.length - 1].push(node);
            }
            if (groups.length === htmlBlocks.length)
                return groups;
            return htmlBlocks.map(function (html) {
                const one = document.createElement('div');
                one.innerHTML = html;
                return Array.from(one.childNodes);
            });
        }

        function shiftLines(nodes, shift) {
            const shiftOne = function (element) {
                const line = Number(element.getAttribute('data-source-line'));
                element.setAttribute('data-source-line', String(line + shift));
            };
            for (const node of nodes) {
                if (node.nodeType !== Node.ELEMENT_NODE)
                    continue;
                if (node.hasAttribute('data-source-line'))
                    shiftOne(node);
                node.querySelectorAll('[data-source-line]').forEach(shiftOne);
            }
        }

        function applyUpdate() {
            const update = bridge.update;
            if (!update || !update.revision || update.revision === shownRevision)
                return;
            if (update.base !== 0 && update.base !== shownRevision) {
                bridge.resync();
                return;
            }
            // Keep the reader's place explicitly: a replaced block can change heights above.
            const scrollY = window.scrollY;
            if (update.header !== shownHeader) {
                headerBox.innerHTML = update.header;
                shownHeader = update.header;
            }
            if (update.base === 0) {
                contentBox.replaceChildren();
                blocks = [];
            }
            const end = blocks.length - update.tail;
            for (let i = update.head; i < end; ++i) {
                for (const node of blocks[i])
                    node.remove();
            }
            let before = null;
            for (let i = end; i < blocks.length && !before; ++i)
                before = blocks[i].length ? blocks[i][0] : null;
            const fresh = parseBlocks(update.blocks);
            const fragment = document.createDocumentFragment();
            for (const group of fresh)
                fragment.append(...group);
            contentBox.insertBefore(fragment, before);
            if (update.shift) {
                for (let i = end; i < blocks.length; ++i)
                    shiftLines(blocks[i], update.shift);
            }
            blocks = blocks.slice(0, update.head).concat(fresh, blocks.slice(end));
            notice.hidden = !update.truncated;
            lineIndex = null;
            shownRevision = update.revision;
            // Layout now, so the acknowledgement means the page is ready to paint.
            void document.documentElement.scrollHeight;
            window.scrollTo(0, scrollY);
            bridge.acknowledge(update.revision);
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

        // What the reader looks at: the first block reaching below the top of the window, and
        // where in it the top is, so a change of look that moves everything keeps it in view.
        function readingAnchor() {
            if (window.scrollY <= 0)
                return null;
            if (!lineIndex)
                lineIndex = buildLineIndex();
            for (const entry of lineIndex) {
                const box = entry.element.getBoundingClientRect();
                if (box.bottom > 0) {
                    return {element: entry.element, top: box.top,
                            fraction: box.top < 0 && box.height > 0 ? -box.top / box.height : 0};
                }
            }
            return {element: null, fraction: window.scrollY /
                    Math.max(1, document.documentElement.scrollHeight)};
        }

        function restoreAnchor(anchor) {
            if (!anchor)
                return;
            if (!anchor.element || !anchor.element.isConnected) {
                window.scrollTo(0, anchor.fraction * document.documentElement.scrollHeight);
                return;
            }
            const box = anchor.element.getBoundingClientRect();
            const y = anchor.fraction > 0 ? pageTop(anchor.element) + anchor.fraction * box.height
                                          : pageTop(anchor.element) - anchor.top;
            window.scrollTo(0, y);
        }

        function applyStyle() {
            const style = bridge.style;
            if (!style || !style.revision)
                return;
            const revision = style.revision;
            if (revision === shownStyleRevision) {
                // The template already had it (a fresh page): the view may still wait for it.
                bridge.acknowledgeStyle(revision);
                return;
            }
            shownStyleRevision = revision;
            const anchor = readingAnchor();
            const site = style.look === 'site';
            const old = Array.from(document.querySelectorAll('link.site-style'));
            // The new sheets load next to the old ones, which go only once the new ones are in:
            // the page never shows unstyled in between.
            let last = old.length ? old[old.length - 1] : document.getElementById('meetdown-style');
            const loads = (site ? style.sheets : []).map(function (href) {
                const link = document.createElement('link');
                link.rel = 'stylesheet';
                link.className = 'site-style';
                const loaded = new Promise(function (resolve) {
                    link.onload = resolve;
                    link.onerror = resolve;
                });
                link.href = href;
                last.after(link);
                last = link;
                return loaded;
            });
            Promise.all(loads).then(function () {
                if (shownStyleRevision !== revision)
                    return; // a newer look took over; it removes these
                const root = document.documentElement;
                root.dataset.look = style.look;
                root.dataset.theme = style.theme;
                root.dataset.styleRevision = String(revision);
                // The site's stylesheets decide its colours; the app's dark palette must not
                // paint the canvas under them.
                document.getElementById('color-scheme').content = site ? 'light' : style.theme;
                document.getElementById('meetdown-style').media = site ? 'not all' : 'all';
                for (const link of old)
                    link.remove();
                lineIndex = null;
                void document.documentElement.scrollHeight;
                restoreAnchor(anchor);
                bridge.acknowledgeStyle(revision);
            });
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
            bridge.updateChanged.connect(applyUpdate);
            bridge.styleChanged.connect(applyStyle);
            bridge.scrollLineChanged.connect(function () {
                scrollToLine(bridge.scrollLine);
            });
            // A reloaded page (a setting changed) starts from what the last one showed.
            applyStyle();
            applyUpdate();
            if (bridge.scrollLine > 0)
                scrollToLine(bridge.scrollLine);
        });
    })();
}
