// libFuzzer target: a post's whole life in Meetdown, on arbitrary bytes, under AddressSanitizer.
//
//   load     Post::fromBytes, JekyllYaml::load on the raw bytes, PostChecker::check
//   patch    up to six edits chosen by the input's last bytes (an "op script", see Script below):
//            setString, setBool, setStringList, setValueYaml, remove, add-then-remove, setBody,
//            setFrontMatterText, with keys and values from tables of YAML trouble or the input
//   save     (one input in eight) FileIO::write to a file under /dev/shm (or the temp folder),
//            sometimes through a symlink, and FileIO::read back
//   render   MarkdownRenderer::render of the body with a 4 MB output bound, HtmlPage::header;
//            and md4c alone on the body before a guard page (md4c is not instrumented)
//
// Every promise the editor makes is checked after each step and a broken one aborts, so libFuzzer
// reports it like a crash (the message says which promise, with the key and the value):
//   - fromBytes(b).toBytes() == b, for any bytes at all;
//   - an edit that returns an error leaves toBytes() as it was (and a read-only post refuses all);
//   - adding a key the post does not have and removing it again gives back the same bytes;
//   - after a successful setString(k, s), value(k) is the QString s: Jekyll reads back exactly
//     what we wrote (likewise setBool, setStringList, setBody, setFrontMatterText);
//   - a field edit that succeeds leaves front matter that loads, without a first error, and
//     leaves every other key's value as it was;
//   - the edited bytes, loaded afresh, give the same front matter as the edited Post;
//   - every entry's byte offsets lie inside the YAML text they index;
//   - a saved file reads back byte for byte; rendered HTML stays within maxOutputBytes;
//   - md4c reads no further than the 16 bytes of padding MarkdownRenderer gives it.
//
// Reproduce a finding: build-fuzz/tests/fuzz/fuzz_post <file>, with FUZZ_POST_TRACE=1 to print
// each edit and the bytes after it. Keep it: copy the (minimized) file into
// tests/fuzz/regressions/, which ctest's fuzz_regressions runs every time. FUZZ_POST_SAFETY_ONLY=1
// skips the promises about what edits mean, to go on hunting for crashes while such a finding is
// open.

#include <editor/fileio.h>
#include <editor/jekyllrules.h>
#include <editor/jekyllyaml.h>
#include <editor/post.h>
#include <editor/postchecker.h>
#include <editor/site.h>
#include <preview/htmlpage.h>
#include <preview/liquid.h>
#include <preview/markdownrenderer.h>

#include <QByteArray>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QString>
#include <QStringList>
#include <QTimeZone>

#include <cerrno>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>

#include <md4c.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

using namespace Meetdown;

namespace {

// Rendering is bounded well below the application's 64 MB so that one input stays fast.
constexpr qsizetype kMaxRenderBytes = 4 * 1024 * 1024;
constexpr int kMaxOps = 6;

QByteArray printable(const QByteArray &bytes)
{
    QByteArray shown = bytes.left(400).toPercentEncoding(" !\"#$&'()*+,-./:;<=>?@[\\]^_`{|}~");
    if (bytes.size() > 400)
        shown += "...";
    return shown;
}

QByteArray printable(const QString &text)
{
    return printable(text.toUtf8());
}

[[noreturn]] void fail(const char *promise, const QByteArray &detail = QByteArray())
{
    std::fprintf(stderr, "\n*** fuzz_post: broken promise: %s\n", promise);
    if (!detail.isEmpty())
        std::fprintf(stderr, "*** %s\n", detail.constData());
    std::fflush(stderr);
    std::abort();
}

// FUZZ_POST_SAFETY_ONLY=1 keeps the memory-safety, hang and byte-level checks and skips the
// promises about what an edit means (read-back, add+remove, reload): a way to keep hunting for
// crashes while such a finding is still open.
const bool g_safetyOnly = std::getenv("FUZZ_POST_SAFETY_ONLY") != nullptr;

// A broken promise about the meaning of an edit.
void failMeaning(const char *promise, const QByteArray &detail)
{
    if (!g_safetyOnly)
        fail(promise, detail);
}

// The op script: bytes taken from the end of the input backwards, so the post text and the edits
// it gets both come from the same bytes and libFuzzer can mutate either. Past the start it reads 0.
class Script
{
public:
    Script(const uint8_t *data, size_t size) : m_data(data), m_size(size), m_pos(size) {}

    uint8_t byte() { return m_pos > 0 ? m_data[--m_pos] : 0; }
    unsigned word() { return unsigned(byte()) << 8 | byte(); }

    // A run of the input itself (it may split a UTF-8 sequence: fromUtf8 substitutes U+FFFD).
    QString slice(unsigned maxLength)
    {
        if (m_size == 0)
            return QString();
        const size_t from = word() % m_size;
        const size_t length = std::min<size_t>(byte() % (maxLength + 1), m_size - from);
        return QString::fromUtf8(reinterpret_cast<const char *>(m_data) + from, qsizetype(length));
    }

private:
    const uint8_t *m_data;
    size_t m_size;
    size_t m_pos;
};

// Strings that YAML or Psych read as something else, or that need quoting, or escapes.
const char *const kValues[] = {
    "",
    " ",
    "plain text",
    "Meetup: March",
    "yes",
    "No",
    "off",
    "null",
    "~",
    "true",
    "12:30",
    "1:2:3",
    "0755",
    "0x1F",
    "0b101",
    "3,5",
    "1_000",
    "+1",
    "-.5",
    "1e3",
    ".inf",
    "-.Inf",
    ".NaN",
    ":foo",
    ":",
    "::",
    "-",
    "- item",
    "? q",
    "a: b",
    "a:b",
    "x #y",
    "#hash",
    "[a, b]",
    "{a: 1}",
    "&anchor",
    "*alias",
    "!tag",
    "!!str",
    "|",
    ">",
    "%",
    "@at",
    "`tick",
    "'",
    "\"",
    "''",
    "\\",
    "\\n",
    "line1\nline2",
    "tab\there",
    "\r",
    "crlf\r\n",
    " lead",
    "trail ",
    "\t",
    "é",
    "日本語",
    "\xF0\x9F\x8E\x89",
    "\xE2\x80\xA8",
    "\xC2\x85",
    "\xEF\xBB\xBF",
    "\x7F",
    "\x01",
    "---",
    "...",
    "--- x",
    "2024-05-01",
    "2024-05-01 18:30:00 +0530",
    "2024-13-45",
    "2024-05-01T18:30:00Z",
    "<script>alert(1)</script>",
    "&amp;",
    "{{ page.title }}",
    "{% raw %}",
    "a, b",
    "a b c",
    "Y",
    "n",
    "On",
    "NULL",
    "Null",
    "=",
    "<<",
    "1.",
    ".",
    "+",
    "0",
    "-0",
    "00",
    "08",
    "1,2,3",
};

// YAML texts for setValueYaml and setFrontMatterText: valid, invalid and refused by Jekyll.
const char *const kFragments[] = {
    "1",
    "[a, b]",
    "[]",
    "{}",
    "{a: 1, b: [c]}",
    "|\n  literal\n  text",
    ">\n  folded\n  text",
    "\n  - a\n  - b",
    "\n- a\n- b",
    "&x anchored",
    "*x",
    "*undefined",
    "\"unterminated",
    "'unterminated",
    "a: b: c",
    ":symbol",
    "!ruby/object:Object {}",
    "!!int x",
    "!!float x",
    "!!str 12",
    "'single ''q'''",
    "null",
    "",
    "# comment only",
    "\"\\u0000\"",
    "value # comment",
    "[[[",
    "{{",
    "- ",
    "---",
    "...",
    "foo\n---\nbar",
    "\t",
    "?",
    "[a, *x]",
    "<<: {a: 1}",
    "\n  nested: map\n  more: [1, 2]",
    "\n\tbad: tab",
    "2024-05-01",
    "12:30",
    "\"\\x\"",
    "a\n  b",
    "'",
    "@",
    "`",
    "%YAML 1.1",
    "\xEF\xBB\xBF",
    "\"\\uD800\"",
    "! x",
    "&a [*a]",
};

const char *const kKeys[] = {
    "title",   "tags",  "categories",   "date",  "layout", "author", "published", "permalink",
    "excerpt", "image", "fuzz_new_key", "a: b",  "#",      "-",      "true",      "1",
    "null",    "<<",    "title ",       "\"q\"", "ключ",   "",       "key\nline", "?",
};

const char *const kPaths[] = {
    "/fuzz/_posts/2024-05-01-fuzz.md", "/fuzz/_posts/.hidden.md", "/fuzz/_posts/2024-13-45-x.md",
    "/fuzz/_posts/2024-05-01-x.txt",   "/fuzz/_posts/no-date.md", "/fuzz/_drafts/x.md",
};

template <size_t N> const char *pick(const char *const (&table)[N], uint8_t b)
{
    return table[b % N];
}

QString pickValue(Script &script)
{
    const uint8_t b = script.byte();
    return b < 0xC0 ? QString::fromUtf8(pick(kValues, b)) : script.slice(48);
}

QString pickKey(Script &script, const Post &post)
{
    const uint8_t b = script.byte();
    switch (b % 4) {
    case 0: {
        const QStringList keys = post.keys();
        if (!keys.isEmpty())
            return keys.at(script.byte() % keys.size());
        return QStringLiteral("title");
    }
    case 1:
        return script.slice(12);
    default:
        return QString::fromUtf8(pick(kKeys, script.byte()));
    }
}

QString pickFragment(Script &script)
{
    const uint8_t b = script.byte();
    return b < 0xC0 ? QString::fromUtf8(pick(kFragments, b)) : script.slice(64);
}

QByteArray describe(const char *op, const QString &key, const QString &value)
{
    return QByteArray(op) + " key='" + printable(key) + "' value='" + printable(value) + "'";
}

// FUZZ_POST_TRACE=1 prints every edit and its result, to follow a finding step by step.
const bool g_trace = std::getenv("FUZZ_POST_TRACE") != nullptr;

void trace(const QByteArray &what, const QString &error, const Post &post)
{
    if (g_trace) {
        std::fprintf(stderr, "[trace] %s -> %s\n[trace]   bytes now '%s'\n", what.constData(),
                     error.isEmpty() ? "ok" : printable(error).constData(),
                     printable(post.toBytes()).constData());
    }
}

// Entry offsets index the YAML text; one outside it would make an edit patch the wrong bytes.
void checkEntries(const YamlDocument &doc, qsizetype textSize, const char *where)
{
    for (const YamlEntry &e : doc.entries) {
        const bool ok =
            e.lineStart >= 0 && e.lineStart <= e.afterColon && e.afterColon <= textSize &&
            e.lineStart <= e.end && e.end <= textSize &&
            (e.valueStart == -1 || (e.valueStart >= e.afterColon && e.valueStart <= textSize)) &&
            (e.valueEnd == -1 ||
             (e.valueStart >= 0 && e.valueEnd >= e.valueStart && e.valueEnd <= textSize));
        if (!ok) {
            fail("entry offsets lie inside the YAML text",
                 QByteArray(where) + " key='" + printable(e.key) +
                     "' lineStart=" + QByteArray::number(e.lineStart) +
                     " afterColon=" + QByteArray::number(e.afterColon) +
                     " valueStart=" + QByteArray::number(e.valueStart) +
                     " valueEnd=" + QByteArray::number(e.valueEnd) +
                     " end=" + QByteArray::number(e.end) + " size=" + QByteArray::number(textSize));
        }
    }
}

// Deep equality of loaded values, NaN equal to NaN, without building JSON: alias-heavy front
// matter expands to 200,000 values and toJson of that costs seconds under ASan.
bool sameValue(const QVariant &a, const QVariant &b)
{
    if (a.typeId() != b.typeId())
        return false;
    if (a.typeId() == qMetaTypeId<YamlMap>()) {
        const YamlMap x = a.value<YamlMap>();
        const YamlMap y = b.value<YamlMap>();
        if (x.size() != y.size())
            return false;
        for (qsizetype i = 0; i < x.size(); ++i) {
            if (x.at(i).first != y.at(i).first || !sameValue(x.at(i).second, y.at(i).second))
                return false;
        }
        return true;
    }
    if (a.typeId() == QMetaType::QVariantList) {
        const QVariantList x = a.toList();
        const QVariantList y = b.toList();
        if (x.size() != y.size())
            return false;
        for (qsizetype i = 0; i < x.size(); ++i) {
            if (!sameValue(x.at(i), y.at(i)))
                return false;
        }
        return true;
    }
    if (a.typeId() == QMetaType::Double && std::isnan(a.toDouble()))
        return std::isnan(b.toDouble());
    return a == b;
}

QByteArray frontMatterJson(const Post &post)
{
    return post.frontMatterLoaded() ? JekyllYaml::toJson(post.yaml().root, false).left(2000)
                                    : QByteArray("<not loaded>");
}

bool isStringList(const QVariant &v, const QStringList &items)
{
    if (v.typeId() != QMetaType::QVariantList)
        return false;
    const QVariantList list = v.toList();
    if (list.size() != items.size())
        return false;
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (list.at(i).typeId() != QMetaType::QString || list.at(i).toString() != items.at(i))
            return false;
    }
    return true;
}

// One edit chosen by the script, with the promises that edit makes.
void runOp(Post &post, Script &script)
{
    const QByteArray before = post.toBytes();
    // Read-back promises hold for front matter Jekyll loads as Meetdown sees it. With an error
    // already there (a Ruby symbol, a refused tag, an alias bomb cut short) Jekyll stops or
    // Meetdown's view is partial, and replaceEntry only refuses edits that add the first error.
    const bool clean = !hasErrors(post.diagnostics());
    const bool loaded = post.frontMatterLoaded();
    const YamlMap valuesBefore = post.values();
    const uint8_t op = script.byte();
    QString error;
    // The key a field edit is about: every other key must keep its value.
    std::optional<QString> editedKey;
    switch (op % 9) {
    case 0: {
        const QString key = pickKey(script, post);
        editedKey = key;
        const QString value = pickValue(script);
        error = post.setString(key, value);
        trace(describe("setString", key, value), error, post);
        if (error.isEmpty() && clean) {
            const QVariant read = post.value(key);
            if (read.typeId() != QMetaType::QString || read.toString() != value) {
                failMeaning("setString(k, s) reads back as the string s",
                            describe("setString", key, value) + " read='" +
                                printable(read.toString()) + "' type=" + read.typeName());
            }
        }
        break;
    }
    case 1: {
        const QString key = pickKey(script, post);
        editedKey = key;
        const bool value = script.byte() & 1;
        error = post.setBool(key, value);
        trace(describe("setBool", key, value ? QStringLiteral("true") : QStringLiteral("false")),
              error, post);
        if (error.isEmpty() && clean) {
            const QVariant read = post.value(key);
            if (read.typeId() != QMetaType::Bool || read.toBool() != value)
                failMeaning("setBool(k, b) reads back as b",
                            describe("setBool", key,
                                     value ? QStringLiteral("true") : QStringLiteral("false")));
        }
        break;
    }
    case 2: {
        const QString key = pickKey(script, post);
        editedKey = key;
        QStringList items;
        for (int n = script.byte() % 4; n > 0; --n)
            items.append(pickValue(script));
        error = post.setStringList(key, items);
        trace(describe("setStringList", key, items.join(QStringLiteral("|"))), error, post);
        if (error.isEmpty() && clean) {
            const QVariant read = post.value(key);
            // A key the file keeps as a plain string ("tags: a b") gets the items joined by spaces.
            const bool asString = read.typeId() == QMetaType::QString &&
                                  read.toString() == items.join(QLatin1Char(' '));
            if (!isStringList(read, items) && !asString) {
                failMeaning("setStringList(k, items) reads back as the items",
                            describe("setStringList", key, items.join(QStringLiteral("|"))) +
                                " read='" + JekyllYaml::toJson(read, false) + "'");
            }
        }
        break;
    }
    case 3: {
        const QString key = pickKey(script, post);
        const QString yaml = pickFragment(script);
        error = post.setValueYaml(key, yaml);
        trace(describe("setValueYaml", key, yaml), error, post);
        if (error.isEmpty() && !post.frontMatterLoaded())
            fail("a successful setValueYaml leaves front matter that loads",
                 describe("setValueYaml", key, yaml));
        break;
    }
    case 4: {
        const QString key = pickKey(script, post);
        editedKey = key;
        error = post.remove(key);
        trace(describe("remove", key, QString()), error, post);
        break;
    }
    case 5: {
        // A key the post does not have, added and removed: the bytes are as before.
        QString key = pickKey(script, post);
        if (post.contains(key) || post.yaml().lastEntry(key))
            key = QStringLiteral("fuzz_added_%1").arg(script.byte());
        if (post.contains(key) || post.yaml().lastEntry(key))
            break;
        editedKey = key;
        const QString value = pickValue(script);
        const QByteArray original = post.toBytes();
        error = post.setString(key, value);
        trace(describe("add (setString)", key, value), error, post);
        if (error.isEmpty()) {
            const QString removeError = post.remove(key);
            if (!removeError.isEmpty() || post.toBytes() != original) {
                failMeaning("adding a new key and removing it gives back the original bytes",
                            describe("setString+remove", key, value) + " error='" +
                                printable(removeError) + "' after='" + printable(post.toBytes()) +
                                "'");
            }
        }
        break;
    }
    case 6: {
        if (!post.isEditable())
            break; // the editor shows a read-only post and never calls setBody on it
        const QString text = pickValue(script) + script.slice(200) + pickValue(script);
        const QByteArray frontMatter = before.left(before.size() - post.bodyBytes().size());
        post.setBody(text);
        trace(describe("setBody", QString(), text), QString(), post);
        QString expected = text;
        if (post.lineEnding() == "\r\n")
            expected.replace(QLatin1String("\r\n"), QLatin1String("\n"));
        if (post.body() != expected || !post.toBytes().startsWith(frontMatter))
            fail("setBody(t) changes the body only and body() gives back t",
                 describe("setBody", QString(), text));
        break;
    }
    case 7: {
        const QString yaml = pickFragment(script) + QLatin1Char('\n') + pickFragment(script);
        const QByteArray text = yaml.toUtf8();
        const QByteArray body = post.bodyBytes();
        error = post.setFrontMatterText(text);
        trace(describe("setFrontMatterText", QString(), yaml), error, post);
        if (error.isEmpty()) {
            QByteArray expected = text;
            if (!expected.isEmpty() && !expected.endsWith('\n'))
                expected += post.lineEnding();
            if (post.frontMatterText() != expected || post.bodyBytes() != body)
                fail("setFrontMatterText(y) stores y as the front matter",
                     describe("setFrontMatterText", QString(), yaml));
        }
        break;
    }
    case 8: {
        // Reading is an edit too, for the sanitizer: every accessor on whatever state we are in.
        (void)post.keys();
        (void)post.diagnostics();
        (void)post.bodyFirstLine();
        for (const QString &key : post.keys())
            (void)post.keyLine(key);
        break;
    }
    }
    if (!error.isEmpty() && post.toBytes() != before)
        fail("an edit that fails changes nothing", "error='" + printable(error) + "'");
    if (error.isEmpty() && editedKey && clean && post.frontMatterLoaded()) {
        for (const auto &[otherKey, otherValue] : valuesBefore) {
            if (otherKey != *editedKey && !sameValue(post.value(otherKey), otherValue)) {
                failMeaning("an edit of one key leaves every other key as it was",
                            "op=" + QByteArray::number(op % 9) + " key='" + printable(*editedKey) +
                                "' changed '" + printable(otherKey) + "' bytes now '" +
                                printable(post.toBytes()) + "'");
            }
        }
    }
    // replaceEntry refuses a value that breaks the front matter; any field edit should (the raw
    // text editor, setFrontMatterText, may store broken YAML on purpose).
    if (error.isEmpty() && op % 9 != 7 && loaded &&
        (!post.frontMatterLoaded() || (clean && hasErrors(post.diagnostics())))) {
        failMeaning("a field edit that succeeds keeps the front matter loading without new errors",
                    "op=" + QByteArray::number(op % 9) + " bytes now '" +
                        printable(post.toBytes()) + "' error='" +
                        printable(post.diagnostics().value(0).message) + "'");
    }
    if (!post.isEditable() && post.toBytes() != before)
        fail("a read-only post is never rewritten");
    checkEntries(post.yaml(), post.frontMatterText().size(), "after an edit");
}

// md4c comes from Debian uninstrumented, so ASan cannot see it read past its input; yet md4c
// 0.4.8 does ("2", "[a]("), and MarkdownRenderer hands it a copy padded with kInputPadding = 16
// NUL bytes for that. Here md4c parses the body padded the same way and placed right before an
// inaccessible page: a read past the padding is a SIGSEGV, which libFuzzer reports.
constexpr size_t kMd4cPadding = 16;
constexpr size_t kGuardedCapacity = 1024 * 1024;
char *g_guarded = nullptr; // kGuardedCapacity bytes, then a PROT_NONE page

void parseGuarded(const QByteArray &markdown)
{
    if (!g_guarded || size_t(markdown.size()) + kMd4cPadding > kGuardedCapacity)
        return;
    char *input = g_guarded + kGuardedCapacity - kMd4cPadding - size_t(markdown.size());
    std::memcpy(input, markdown.constData(), size_t(markdown.size()));
    std::memset(input + markdown.size(), 0, kMd4cPadding);
    MD_PARSER parser = {};
    parser.flags = MD_DIALECT_GITHUB; // MarkdownRenderer's dialect
    parser.enter_block = [](MD_BLOCKTYPE, void *, void *) {
        return 0;
    };
    parser.leave_block = [](MD_BLOCKTYPE, void *, void *) {
        return 0;
    };
    parser.enter_span = [](MD_SPANTYPE, void *, void *) {
        return 0;
    };
    parser.leave_span = [](MD_SPANTYPE, void *, void *) {
        return 0;
    };
    parser.text = [](MD_TEXTTYPE, const MD_CHAR *, MD_SIZE, void *) {
        return 0;
    };
    md_parse(input, MD_SIZE(markdown.size()), &parser, nullptr);
}

// The folder the save step writes in: meetdown-fuzz-<pid> under /dev/shm or the temp folder.
QString g_saveDir;

void saveAndReload(const QByteArray &bytes, bool throughSymlink)
{
    if (g_saveDir.isEmpty())
        return;
    const QString file = g_saveDir + QStringLiteral("/2024-05-01-fuzz.md");
    const QString link = g_saveDir + QStringLiteral("/link.md");
    const QString error = FileIO::write(throughSymlink ? link : file, bytes);
    if (!error.isEmpty())
        fail("FileIO::write succeeds on a writable temp file", error.toUtf8());
    if (!QFileInfo(link).isSymLink())
        fail("a symlink stays a symlink");
    const ReadResult read = FileIO::read(file, Post::MaxEditableBytes);
    if (!read.error.isEmpty() || read.bytes != bytes)
        fail("a saved post reads back byte for byte", read.error.toUtf8());
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    // tmpfs keeps the save step cheap (QSaveFile syncs); the temp folder otherwise.
    const QDir base(QFileInfo(QStringLiteral("/dev/shm")).isWritable() ? QStringLiteral("/dev/shm")
                                                                       : QDir::tempPath());
    // A finding aborts, and abort skips atexit: remove the folders of fuzzers no longer running.
    const QString prefix = QStringLiteral("meetdown-fuzz-");
    for (const QString &name : base.entryList({prefix + QLatin1Char('*')}, QDir::Dirs)) {
        bool ok = false;
        const pid_t pid = pid_t(name.mid(prefix.size()).toLongLong(&ok));
        if (ok && pid > 0 && ::kill(pid, 0) != 0 && errno == ESRCH)
            QDir(base.filePath(name)).removeRecursively();
    }
    const QString dir = base.filePath(prefix + QString::number(::getpid()));
    const size_t page = size_t(::sysconf(_SC_PAGESIZE));
    void *arena = ::mmap(nullptr, kGuardedCapacity + page, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (arena != MAP_FAILED &&
        ::mprotect(static_cast<char *>(arena) + kGuardedCapacity, page, PROT_NONE) == 0)
        g_guarded = static_cast<char *>(arena);
    if (QDir().mkpath(dir)) {
        QFile::remove(dir + QStringLiteral("/link.md"));
        if (QFile::link(dir + QStringLiteral("/2024-05-01-fuzz.md"),
                        dir + QStringLiteral("/link.md")))
            g_saveDir = dir;
        std::atexit([] { QDir(g_saveDir).removeRecursively(); });
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    Script script(data, size);
    const uint8_t flags = script.byte();

    // load
    const Post loaded = Post::fromBytes(input);
    if (loaded.toBytes() != input)
        fail("fromBytes(b).toBytes() == b", "got '" + printable(loaded.toBytes()) + "'");
    checkEntries(loaded.yaml(), loaded.frontMatterText().size(), "after load");
    {
        const YamlDocument raw = JekyllYaml::load(input);
        checkEntries(raw, input.size(), "JekyllYaml::load of the raw input");
        // toJson walks every value; skip the alias bombs the loader already cut short.
        if (raw.isLoaded() && !hasErrors(raw.diagnostics))
            (void)JekyllYaml::toJson(raw.root);
    }
    const QDateTime now(QDate(2025, 1, 1), QTime(12, 0), Qt::UTC);
    (void)PostChecker::check(QString::fromUtf8(pick(kPaths, flags >> 5)), loaded, Site(), now);

    // patch
    Post post = loaded;
    for (int n = flags % (kMaxOps + 1); n > 0; --n)
        runOp(post, script);
    const QByteArray edited = post.toBytes();
    if (!post.isEditable() && edited != input)
        fail("a read-only post is never rewritten");
    {
        const Post reloaded = Post::fromBytes(edited);
        if (reloaded.toBytes() != edited)
            fail("fromBytes(b).toBytes() == b, for edited bytes");
        if (post.isEditable() && (reloaded.frontMatterLoaded() != post.frontMatterLoaded() ||
                                  !sameValue(reloaded.yaml().root, post.yaml().root) ||
                                  reloaded.bodyBytes() != post.bodyBytes())) {
            failMeaning("the saved bytes load as the front matter and body that were edited",
                        "edited='" + printable(edited) + "' json='" + frontMatterJson(post) +
                            "' reloaded json='" + frontMatterJson(reloaded) + "'");
        }
    }
    (void)PostChecker::check(QString::fromUtf8(pick(kPaths, flags >> 5)), post, Site(), now);

    // save: a write and a read through the file system cost three quarters of the run time, so
    // only one input in eight takes this step, chosen by a hash so that a finding reproduces.
    if (post.isEditable() && qHash(input, 0) % 8 == 0)
        saveAndReload(edited, flags & 0x10);

    // render
    RenderOptions options;
    options.maxOutputBytes = kMaxRenderBytes;
    options.sourceLines = flags & 0x08;
    options.firstLine = post.bodyFirstLine();
    const RenderResult rendered = MarkdownRenderer::render(post.bodyBytes(), options);
    if (rendered.html.size() > kMaxRenderBytes)
        fail("rendered HTML stays within maxOutputBytes");
    parseGuarded(post.bodyBytes());

    // The Jekyll-faithful path the preview and `meetdown render` use: Liquid, then kramdown.
    LiquidContext liquid;
    liquid.page.insert(QStringLiteral("title"), post.value(QStringLiteral("title")));
    liquid.site.insert(QStringLiteral("baseurl"), QStringLiteral("/base"));
    liquid.postUrl = [](const QString &name) {
        return name.startsWith(QLatin1Char('2')) ? QStringLiteral("/2020/01/01/x.html") : QString();
    };
    const QByteArray expanded = Liquid::render(post.bodyBytes(), liquid).text;
    RenderOptions kramdown = options;
    kramdown.dialect = MarkdownDialect::Kramdown;
    kramdown.headerIds = true;
    const RenderResult typeset = MarkdownRenderer::render(expanded, kramdown);
    if (typeset.html.size() > kMaxRenderBytes)
        fail("kramdown-flavoured HTML stays within maxOutputBytes");

    PostHeader header;
    header.title = post.value(QStringLiteral("title")).toString();
    if (const auto date =
            JekyllRules::postDate(post.value(QStringLiteral("date")), QTimeZone::utc()))
        header.date = JekyllRules::formatDate(*date, QTimeZone::utc());
    header.author = post.value(QStringLiteral("author")).toString();
    header.tags = post.value(QStringLiteral("tags")).toStringList();
    header.image = post.value(QStringLiteral("image")).toString();
    const QByteArray escaped = HtmlPage::escape(header.title);
    if (escaped.contains('<') || escaped.contains('>') || escaped.contains('"'))
        fail("HtmlPage::escape leaves no markup", escaped);
    (void)HtmlPage::header(header);
    return 0;
}
