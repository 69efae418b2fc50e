// Compares MarkdownRenderer::render (with source lines, as the preview uses it) against a bare
// md_html() call on the same multi-megabyte document. Target: ratio <= 1.3.
#include "preview/markdownrenderer.h"

#include <md4c-html.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

namespace {

constexpr int kRuns = 10;
constexpr qsizetype kDocumentBytes = 4 * 1024 * 1024;

// A fixed seed keeps the document, and so the figures, the same from run to run.
class DocumentGenerator
{
public:
    QByteArray generate(qsizetype size)
    {
        QByteArray doc;
        doc.reserve(size + 4096);
        while (doc.size() < size) {
            doc += "## " + sentence(3, 7) + "\n\n";
            for (int i = pick(2, 5); i > 0; --i)
                doc += paragraph() + "\n\n";
            switch (pick(0, 5)) {
            case 0:
                for (int i = pick(3, 8); i > 0; --i)
                    doc += "- " + sentence(4, 12) + "\n";
                break;
            case 1:
                for (int i = 1; i <= pick(3, 6); ++i)
                    doc += QByteArray::number(i) + ". " + sentence(4, 10) + "\n";
                break;
            case 2:
                doc += "```cpp\n";
                for (int i = pick(4, 15); i > 0; --i)
                    doc +=
                        "    auto " + word() + " = " + word() + "(\"" + word() + "\") < 3 && x;\n";
                doc += "```\n";
                break;
            case 3:
                doc += "| Time | Speaker | Topic |\n|---:|:---|:---:|\n";
                for (int i = pick(3, 10); i > 0; --i) {
                    doc += "| 18:" + QByteArray::number(pick(10, 59)) + " | " + word() + " | *" +
                           sentence(2, 5) + "* |\n";
                }
                break;
            case 4:
                doc += "![" + sentence(2, 5) + "](/assets/img/" + word() + "-" +
                       QByteArray::number(pick(1, 999)) + ".jpg \"" + word() + "\")\n";
                break;
            default:
                doc += "> " + sentence(6, 14) + "\n> " + sentence(6, 14) + "\n";
                for (int i = pick(2, 4); i > 0; --i)
                    doc +=
                        "- [" + QByteArray(pick(0, 1) ? "x" : " ") + "] " + sentence(2, 6) + "\n";
                break;
            }
            doc += '\n';
        }
        return doc;
    }

private:
    int pick(int low, int high) { return std::uniform_int_distribution<int>(low, high)(m_random); }

    QByteArray word()
    {
        static const char *const words[] = {
            "meetup", "talk",     "speaker", "Qt",      "Jekyll",  "community", "pizza",
            "slides", "question", "demo",    "editor",  "preview", "Markdown",  "release",
            "café",   "große",    "venue",   "sponsor", "evening", "thanks",    "workshop"};
        return words[pick(0, int(std::size(words)) - 1)];
    }

    QByteArray sentence(int minWords, int maxWords)
    {
        QByteArray text = word();
        for (int i = pick(minWords, maxWords) - 1; i > 0; --i)
            text += ' ' + word();
        return text;
    }

    QByteArray paragraph()
    {
        QByteArray text;
        for (int line = pick(2, 6); line > 0; --line) {
            for (int i = pick(6, 14); i > 0; --i) {
                switch (pick(0, 24)) {
                case 0:
                    text += '*' + word() + "* ";
                    break;
                case 1:
                    text += "**" + word() + "** ";
                    break;
                case 2:
                    text += '`' + word() + "()` ";
                    break;
                case 3:
                    text += '[' + word() + "](https://example.org/" + word() + "?a=1&b=2) ";
                    break;
                case 4:
                    text += "https://www.example.com/" + word() + ' ';
                    break;
                case 5:
                    text += "&amp; ";
                    break;
                default:
                    text += word() + ' ';
                    break;
                }
            }
            text += "\n";
        }
        text.chop(1);
        return text;
    }

    std::mt19937 m_random{4242};
};

void appendOutput(const MD_CHAR *text, MD_SIZE size, void *userdata)
{
    static_cast<std::string *>(userdata)->append(text, size);
}

template <typename Function> double medianMilliseconds(std::vector<double> &samples, Function run)
{
    const auto start = std::chrono::steady_clock::now();
    run();
    samples.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count());
    std::vector<double> sorted = samples;
    std::sort(sorted.begin(), sorted.end());
    return sorted[sorted.size() / 2];
}

} // namespace

int main()
{
    const QByteArray markdown = DocumentGenerator().generate(kDocumentBytes);
    Meetdown::RenderOptions options;
    options.sourceLines = true;
    options.firstLine = 5;

    std::vector<double> bareSamples;
    std::vector<double> rendererSamples;
    double bareMedian = 0;
    double rendererMedian = 0;
    size_t bareBytes = 0;
    qsizetype rendererBytes = 0;
    // Interleaved, so a slow patch of the machine hits both alike.
    for (int run = 0; run < kRuns; ++run) {
        bareMedian = medianMilliseconds(bareSamples, [&] {
            std::string html;
            md_html(markdown.constData(), static_cast<MD_SIZE>(markdown.size()), appendOutput,
                    &html, MD_DIALECT_GITHUB, MD_HTML_FLAG_VERBATIM_ENTITIES);
            bareBytes = html.size();
        });
        rendererMedian = medianMilliseconds(rendererSamples, [&] {
            rendererBytes = Meetdown::MarkdownRenderer::render(markdown, options).html.size();
        });
    }

    const double ratio = rendererMedian / bareMedian;
    std::printf("input: %lld bytes (%.2f MB), %d runs each\n",
                static_cast<long long>(markdown.size()), markdown.size() / (1024.0 * 1024.0),
                kRuns);
    std::printf("md_html:                    median %8.2f ms, %zu bytes of HTML\n", bareMedian,
                bareBytes);
    std::printf("render (sourceLines=true):  median %8.2f ms, %lld bytes of HTML\n", rendererMedian,
                static_cast<long long>(rendererBytes));
    std::printf("ratio render/md_html: %.3f\ntarget: ratio <= 1.3 (%s)\n", ratio,
                ratio <= 1.3 ? "met" : "MISSED");
    return 0;
}
