// Liquid before Markdown, as Jekyll runs it: the tags and filters meetup posts use, the lines they
// keep, what the preview cannot do (reported, left visible), and PostPage's context from a site.

#include "testutil.h"

#include <app/postpage.h>
#include <editor/post.h>
#include <editor/site.h>
#include <preview/liquid.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace Meetdown;

namespace {

LiquidContext context()
{
    LiquidContext c;
    c.timeZone = QTimeZone(5 * 3600 + 1800);
    c.site = {{QStringLiteral("title"), QStringLiteral("Py & Co")},
              {QStringLiteral("baseurl"), QStringLiteral("/blog/")},
              {QStringLiteral("url"), QStringLiteral("https://example.org")},
              {QStringLiteral("organizer"),
               QVariantMap{{QStringLiteral("name"), QStringLiteral("Ana")}}}};
    c.page = {{QStringLiteral("title"), QStringLiteral("<August>")},
              {QStringLiteral("date"), QDateTime(QDate(2015, 8, 22), QTime(9, 5, 3), c.timeZone)},
              {QStringLiteral("tags"), QVariantList{QStringLiteral("a"), QStringLiteral("b")}},
              {QStringLiteral("count"), 3}};
    c.postUrl = [](const QString &name) {
        return name == QLatin1String("2015-08-01-july") ? QStringLiteral("/blog/2015/08/01/july/")
                                                        : QString();
    };
    return c;
}

QByteArray render(const QByteArray &source)
{
    return Liquid::render(source, context()).text;
}

// Values both Liquids see: what JSON can carry, so Ruby gets the same.
QVariantMap oracleValues()
{
    auto map = [](std::initializer_list<std::pair<const char *, QVariant>> items) {
        QVariantMap m;
        for (const auto &[key, value] : items)
            m.insert(QString::fromLatin1(key), value);
        return m;
    };
    const QVariantMap page = map({
        {"title", QStringLiteral("August <meetup>")},
        {"tags",
         QVariantList{QStringLiteral("python"), QStringLiteral("qt"), QStringLiteral("c++")}},
        {"count", 3},
        {"price", 2.5},
        {"zero", 0},
        {"empty_text", QString()},
        {"none", QVariantList()},
        {"draft", false},
        {"featured", true},
        {"venue", QStringLiteral("Hub")},
        {"talks",
         QVariantList{
             map({{"title", QStringLiteral("Qt 6")},
                  {"by", QStringLiteral("Ana")},
                  {"minutes", 30}}),
             map({{"title", QStringLiteral("Liquid")},
                  {"by", QStringLiteral("Bo")},
                  {"minutes", 20}}),
             map({{"title", QStringLiteral("Lightning")}, {"by", QString()}, {"minutes", 5}})}},
        {"links", map({{"slides", QStringLiteral("/s.pdf")}, {"video", QStringLiteral("/v")}})},
    });
    const QVariantMap site = map({
        {"title", QStringLiteral("Py & Co")},
        {"organizers", QVariantList{QStringLiteral("Ana"), QStringLiteral("Bo")}},
        {"max", 2},
    });
    return {{QStringLiteral("page"), page}, {QStringLiteral("site"), site}};
}

// Ruby's Liquid (the gem Debian's jekyll uses) over each template, with Jekyll's error mode;
// empty when Ruby or the gem is missing.
QStringList rubyLiquid(const QList<QByteArray> &templates, const QVariantMap &values)
{
    if (QStandardPaths::findExecutable(QStringLiteral("ruby")).isEmpty())
        return {};
    static const char script[] = R"(
require "json"
require "liquid"
input = JSON.parse($stdin.read)
puts JSON.generate(input["templates"].map { |t|
  begin
    Liquid::Template.parse(t, error_mode: :warn).render!(input["values"])
  rescue StandardError => e
    "ERROR: #{e.message}"
  end
})
)";
    QJsonArray list;
    for (const QByteArray &t : templates)
        list.append(QString::fromUtf8(t));
    QJsonObject input;
    input.insert(QStringLiteral("templates"), list);
    input.insert(QStringLiteral("values"), QJsonObject::fromVariantMap(values));
    const auto run =
        TestUtil::run(QStringLiteral("ruby"), {QStringLiteral("-e"), QString::fromLatin1(script)},
                      QJsonDocument(input).toJson(QJsonDocument::Compact));
    if (run.exitCode != 0)
        return {};
    QStringList out;
    for (const QJsonValue &v : QJsonDocument::fromJson(run.out).array())
        out.append(v.toString());
    return out;
}

// Templates for the comparison with Ruby's Liquid, each a case Liquid's documentation or source
// pins down.
QList<QByteArray> oracleTemplates()
{
    return {
        // if, elsif, else, unless and truthiness: only nil and false are false.
        "{% if page.featured %}F{% endif %}{% if page.draft %}D{% else %}d{% endif %}",
        "{% if page.zero %}0{% endif %}{% if page.empty_text %}E{% endif %}"
        "{% if page.none %}N{% endif %}{% if page.missing %}M{% endif %}",
        "{% if page.count == 1 %}one{% elsif page.count == 3 %}three{% else %}other{% endif %}",
        "{% unless page.draft %}published{% endunless %}{% unless page.featured %}x"
        "{% else %}featured{% endunless %}",
        "{% unless page.count > 5 %}small{% elsif page.count > 1 %}mid{% else %}no{% endunless %}",
        // Operators.
        "{% if page.count != 2 %}a{% endif %}{% if page.count < 4 %}b{% endif %}"
        "{% if page.count <= 3 %}c{% endif %}{% if page.count >= 4 %}d{% endif %}"
        "{% if page.count > 2.5 %}e{% endif %}{% if page.price == 2.5 %}f{% endif %}"
        "{% if 3 == 3.0 %}g{% endif %}{% if '3' == 3 %}h{% endif %}",
        "{% if page.venue == 'Hub' %}a{% endif %}{% if 'abc' < 'abd' %}b{% endif %}"
        "{% if page.venue <> \"Hub\" %}c{% endif %}{% if page.title contains '<meet' %}d{% endif "
        "%}",
        "{% if page.tags contains 'qt' %}a{% endif %}{% if page.tags contains 'q' %}b{% endif %}"
        "{% if page.links contains 'video' %}c{% endif %}{% if page.missing contains 'x' %}d"
        "{% endif %}{% if page.count contains 3 %}e{% endif %}",
        "{% if page.missing == nil %}a{% endif %}{% if page.missing < 3 %}b{% endif %}"
        "{% if page.empty_text == empty %}c{% endif %}{% if page.none == empty %}d{% endif %}"
        "{% if page.tags == empty %}e{% endif %}{% if page.tags != empty %}f{% endif %}",
        "{% if page.draft == false %}a{% endif %}{% if page.featured == true %}b{% endif %}"
        "{% if page.tags.size == 3 %}c{% endif %}{% if page.tags.first == 'python' %}d{% endif %}",
        // and/or from the right, without precedence: false and x or true is false.
        "{% if page.draft and page.featured or true %}a{% else %}b{% endif %}",
        "{% if true or false and false %}a{% else %}b{% endif %}",
        "{% if page.featured and page.count == 3 and page.venue contains 'u' %}a{% endif %}"
        "{% if page.draft or page.missing or page.zero %}b{% endif %}",
        // case/when.
        "{% case page.venue %}{% when 'Library' %}L{% when 'Hub', 'Hall' %}H{% else %}?"
        "{% endcase %}",
        "{% case page.count %}ignored{% when 1 or 2 %}low{% when 3 %}three{% when 3 %}again"
        "{% else %}none{% endcase %}",
        "{% case page.missing %}{% when 'x' %}x{% else %}default{% endcase %}",
        // for: limit, offset, reversed, ranges, forloop, else, break, continue.
        "{% for tag in page.tags %}{{ forloop.index }}:{{ tag }}{% unless forloop.last %}, "
        "{% endunless %}{% endfor %}",
        "{% for tag in page.tags limit: 2 %}{{ tag }} {% endfor %}|"
        "{% for tag in page.tags offset: 1 %}{{ tag }} {% endfor %}|"
        "{% for tag in page.tags reversed %}{{ tag }} {% endfor %}|"
        "{% for tag in page.tags reversed offset:1 limit:1 %}{{ tag }}{% endfor %}",
        "{% for i in (1..5) %}{{ i }}{% endfor %} {% for i in (3..page.count) %}{{ i }}{% endfor %}"
        " {% for i in (1..site.max) reversed %}{{ i }}{% endfor %} {% for i in (5..1) %}x"
        "{% else %}none{% endfor %}",
        "{% for t in page.talks %}{{ forloop.index0 }}/{{ forloop.rindex }}/{{ forloop.length }}"
        " {{ t.title }}{% if forloop.first %} first{% endif %};{% endfor %}",
        "{% for t in page.none %}x{% else %}no talks{% endfor %}{% for t in page.missing %}x"
        "{% else %}nothing{% endfor %}",
        "{% for i in (1..10) %}{% if i == 3 %}{% continue %}{% endif %}{% if i > 5 %}{% break %}"
        "{% endif %}{{ i }}{% endfor %}",
        "{% for a in (1..3) %}{% for b in (1..3) %}{% if b > a %}{% break %}{% endif %}"
        "{{ forloop.parentloop.index }}{{ b }} {% endfor %}{% endfor %}",
        "{% for t in page.talks %}{% if t.by %}{{ t.by }}{% else %}?{% endif %}{% endfor %}"
        "{% for t in page.talks %}{% if t.by != '' and t.minutes >= 20 %}{{ t.title }}{% endif %}"
        "{% endfor %}",
        "{% for link in page.links %}{{ link[0] }}={{ link[1] }};{% endfor %}",
        "{% for t in page.venue %}[{{ t }}]{% endfor %}{% for n in page.count %}x{% endfor %}",
        "{% for i in (1..3) limit: site.max %}{{ i }}{% endfor %}",
        // assign and capture, scopes.
        "{% assign total = 0 %}{% for t in page.talks %}{% assign total = total | plus: t.minutes"
        " %}{% endfor %}{{ total }} minutes",
        "{% capture who %}{% for o in site.organizers %}{{ o }}{% unless forloop.last %} & "
        "{% endunless %}{% endfor %}{% endcapture %}By {{ who }}.",
        "{% assign tag = 'outer' %}{% for tag in page.tags %}{% endfor %}{{ tag }}",
        "{% for i in (1..2) %}{% assign last = i %}{% endfor %}{{ last }} {{ i }}",
        "{% assign big = page.count | times: 10 %}{% if big > 20 %}big{% endif %}",
        "{% capture c %}x{% endcapture %}{% if c == 'x' %}yes{% endif %}",
        // Whitespace control and Liquid's blank bodies.
        "a {%- if true -%} b {%- endif -%} c",
        "[{% if true %}\n  {% assign q = 1 %}\n{% endif %}]",
        "[{% for i in (1..2) %}\n  {% assign q = i %}\n{% endfor %}]{{ q }}",
        "[{% if true %}\n  {{ page.count }}\n{% endif %}]",
        "{% for t in page.tags %}\n- {{ t }}\n{% endfor %}\n",
        "Talks:\n\n{% for t in page.talks -%}\n* {{ t.title }}\n{% endfor -%}\n\nEnd.\n",
        // A top-level break ends the page.
        "a{% break %}b",
    };
}

// Blank-line runs are equal to the Markdown after Liquid; the preview keeps lines that Liquid
// drops (a false branch on its own lines), only where a blank line was anyway.
QString blankLinesCollapsed(const QString &text)
{
    static const QRegularExpression run(QStringLiteral("\n(?:[ \t]*\n)+"));
    return QString(text).replace(run, QStringLiteral("\n\n"));
}

} // namespace

class TestLiquid final : public QObject
{
    Q_OBJECT

private slots:
    void variables_data();
    void variables();
    void strftimeAsRuby();
    void postUrl();
    void rawAndComments();
    void highlightKeepsLines();
    void includesAndUnknownTags();
    void unclosedMarkup();
    void whitespaceControl();
    void withoutMarkupNothingChanges();
    void postPageContextFromSite();
    void linkTagAsJekyllBuildsIt_data();
    void linkTagAsJekyllBuildsIt();
    void controlFlow_data();
    void controlFlow();
    void matchesRubyLiquid();
    void controlFlowKeepsLines();
    void malformedBlocks();
    void boundedWork();
    void sitePostsUnavailable();
};

void TestLiquid::variables_data()
{
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("site") << QByteArray("{{ site.title }}") << QByteArray("Py & Co");
    QTest::newRow("nested") << QByteArray("{{site.organizer.name}}") << QByteArray("Ana");
    QTest::newRow("brackets") << QByteArray("{{ site['organizer'][\"name\"] }} {{ page.tags[1] }}")
                              << QByteArray("Ana b");
    QTest::newRow("missing is empty") << QByteArray("[{{ page.nope.deeper }}]") << QByteArray("[]");
    QTest::newRow("escape") << QByteArray("{{ page.title | escape }}")
                            << QByteArray("&lt;August&gt;");
    QTest::newRow("relative_url") << QByteArray(
                                         "{{ '/a.png' | relative_url }} {{ 'b' | relative_url }}")
                                  << QByteArray("/blog/a.png /blog/b");
    QTest::newRow("absolute_url")
        << QByteArray("{{ \"/a\" | absolute_url }} {{ 'http://x/y' | absolute_url }}")
        << QByteArray("https://example.org/blog/a http://x/y");
    QTest::newRow("date") << QByteArray("{{ page.date | date: \"%b %d\" }}")
                          << QByteArray("Aug 22");
    QTest::newRow("date of text") << QByteArray("{{ '2016-01-05' | date: '%-d %B %Y' }}")
                                  << QByteArray("5 January 2016");
    QTest::newRow("date_to_string")
        << QByteArray("{{ page.date | date_to_string }} | "
                      "{{ page.date | date_to_long_string: 'ordinal', 'US' }}")
        << QByteArray("22 Aug 2015 | August 22nd, 2015");
    QTest::newRow("xmlschema") << QByteArray("{{ page.date | date_to_xmlschema }}")
                               << QByteArray("2015-08-22T09:05:03+05:30");
    QTest::newRow("time as text") << QByteArray("{{ page.date }}")
                                  << QByteArray("2015-08-22 09:05:03 +0530");
    QTest::newRow("lists")
        << QByteArray("{{ page.tags | join: ', ' }} {{ page.tags }} {{ page.tags.size }} "
                      "{{ page.tags | first }}")
        << QByteArray("a, b ab 2 a");
    QTest::newRow("string filters")
        << QByteArray(
               "{{ 'Hello World' | downcase | replace: 'world', 'there' | append: '!' }} "
               "{{ 'x' | upcase | prepend: '>' }} {{ ' y ' | strip }} {{ 'Mixed CASE' | slugify }}")
        << QByteArray("hello there! >X y mixed-case");
    QTest::newRow("default")
        << QByteArray("{{ page.nope | default: 'none' }} {{ page.count | default: 1 }}")
        << QByteArray("none 3");
    QTest::newRow("numbers") << QByteArray("{{ page.count | plus: 2 }} {{ 2.5 | times: 2 }}")
                             << QByteArray("5 5.0");
    QTest::newRow("unknown filter passes the value")
        << QByteArray("{{ 'v' | frobnicate: 1 }}") << QByteArray("v");
    QTest::newRow("assign") << QByteArray(
                                   "{% assign who = site.organizer.name | upcase %}Hi {{ who }}")
                            << QByteArray("Hi ANA");
    QTest::newRow("pipe in a string") << QByteArray("{{ 'a|b' | size }}") << QByteArray("3");
}

void TestLiquid::variables()
{
    QFETCH(QByteArray, source);
    QFETCH(QByteArray, expected);
    QCOMPARE(render(source), expected);
}

void TestLiquid::strftimeAsRuby()
{
    // Ruby: Time.new(2015,8,22,9,5,3,"+05:30").strftime(...)
    const QDateTime time(QDate(2015, 8, 22), QTime(9, 5, 3), QTimeZone(5 * 3600 + 1800));
    QCOMPARE(
        Liquid::strftime(time, QStringLiteral("%a %A %b %B %d %-d %e %H %I %-I %j %k %l %m %-m %M "
                                              "%p %P %S %y %Y %z %:z %s %u %w %% %F %T %D %R %^b")),
        QStringLiteral(
            "Sat Saturday Aug August 22 22 22 09 09 9 234  9  9 08 8 05 AM am 03 15 "
            "2015 +0530 +05:30 1440214503 6 6 % 2015-08-22 09:05:03 08/22/15 09:05 AUG"));
}

void TestLiquid::postUrl()
{
    const QByteArray source = "See [July]({% post_url 2015-08-01-july %}).\n"
                              "And [gone]({%post_url 2014-01-01-gone%}).\n";
    const LiquidResult result = Liquid::render(source, context(), 5);
    QCOMPARE(result.text, QByteArray("See [July](/blog/2015/08/01/july/).\n"
                                     "And [gone]({%post_url 2014-01-01-gone%}).\n"));
    QCOMPARE(result.issues.size(), 1);
    QCOMPARE(result.issues.first().kind, LiquidIssue::Kind::UnresolvedPostUrl);
    QCOMPARE(result.issues.first().argument, QStringLiteral("2014-01-01-gone"));
    QCOMPARE(result.issues.first().line, 6);
    QCOMPARE(result.issues.first().column, 12);
    const QList<LiquidIssue> unresolved = Liquid::unresolvedPostUrls(source, context(), 5);
    QCOMPARE(unresolved.size(), 1);
    // Without a resolver nothing resolves.
    QCOMPARE(Liquid::unresolvedPostUrls(source, LiquidContext()).size(), 2);
}

void TestLiquid::rawAndComments()
{
    QCOMPARE(render("{% raw %}{{ page.title }} {% if %}{% endraw %}!"),
             QByteArray("{{ page.title }} {% if %}!"));
    QCOMPARE(render("a {% comment %}hidden {{ x }}{% endcomment %}b"), QByteArray("a b"));
    // A comment over whole lines leaves its line breaks.
    QCOMPARE(render("a\n{% comment %}\none\ntwo\n{% endcomment %}\nb\n"),
             QByteArray("a\n\n\n\n\nb\n"));
    QCOMPARE(render("x {% # inline comment %}y"), QByteArray("x y"));
}

void TestLiquid::highlightKeepsLines()
{
    const QByteArray source = "Code:\n\n{% highlight ruby linenos %}\ndef x\n  \"<y>\"\n\nend\n"
                              "{% endhighlight %}\nafter\n";
    const QByteArray out = render(source);
    QCOMPARE(out.count('\n'), source.count('\n'));
    QCOMPARE(out,
             QByteArray("Code:\n\n<figure class=\"highlight\"><pre>\n<code class=\"language-ruby\" "
                        "data-lang=\"ruby\">def x\n  &quot;&lt;y&gt;&quot;\n\nend\n"
                        "</code></pre></figure>\nafter\n"));
}

void TestLiquid::includesAndUnknownTags()
{
    const LiquidResult result = Liquid::render(
        "{% include footer.html name=\"x\" %}\n{% cycle 'a', 'b' %} {% endif %}\n", context());
    QCOMPARE(
        result.text,
        QString::fromUtf8("⟦include footer.html⟧\n{% cycle 'a', 'b' %} {% endif %}\n").toUtf8());
    QCOMPARE(result.issues.size(), 3);
    QCOMPARE(result.issues.at(0).kind, LiquidIssue::Kind::Include);
    QCOMPARE(result.issues.at(0).argument, QStringLiteral("footer.html"));
    QCOMPARE(result.issues.at(1).kind, LiquidIssue::Kind::UnknownTag);
    QCOMPARE(result.issues.at(1).argument, QStringLiteral("cycle"));
    // An end tag without its block.
    QCOMPARE(result.issues.at(2).kind, LiquidIssue::Kind::UnknownTag);
    QCOMPARE(result.issues.at(2).argument, QStringLiteral("endif"));
}

void TestLiquid::unclosedMarkup()
{
    LiquidResult result = Liquid::render("a {{ b\nc", context());
    QCOMPARE(result.text, QByteArray("a {{ b\nc"));
    QCOMPARE(result.issues.size(), 1);
    QCOMPARE(result.issues.first().kind, LiquidIssue::Kind::Unclosed);
    result = Liquid::render("{% raw %}x", context());
    QCOMPARE(result.text, QByteArray("{% raw %}x"));
    QCOMPARE(result.issues.first().kind, LiquidIssue::Kind::Unclosed);
}

void TestLiquid::whitespaceControl()
{
    QCOMPARE(render("a  {{- site.organizer.name -}}  b"), QByteArray("aAnab"));
    QCOMPARE(render("x\n{%- assign y = 1 -%}\nz"), QByteArray("xz"));
}

void TestLiquid::withoutMarkupNothingChanges()
{
    const QByteArray text = "Plain { text } with %} and }} but no opening.\n";
    QVERIFY(!Liquid::hasMarkup(text));
    QCOMPARE(render(text), text);
}

void TestLiquid::postPageContextFromSite()
{
    QTemporaryDir dir;
    const QString root = dir.path();
    TestUtil::writeAll(root + QStringLiteral("/_config.yml"),
                       "title: Group\nbaseurl: /g\nurl: https://g.org\ntimezone: UTC\n"
                       "permalink: /:year/:title/\ndefaults:\n  - scope: {path: ''}\n"
                       "    values: {venue: Hall}\n");
    TestUtil::writeAll(root + QStringLiteral("/_posts/2015-08-01-july.md"),
                       "---\ntitle: July\n---\nx\n");
    TestUtil::writeAll(root + QStringLiteral("/_posts/events/2015-09-01-sept.md"), "---\n---\nx\n");
    const QString path = root + QStringLiteral("/_posts/2016-01-02-new-year.md");
    const QByteArray bytes =
        "---\ntags: a b\n---\n{{ page.title }} at {{ page.venue }}, {{ page.url }}, "
        "{{ page.date | date: '%Y-%m-%d' }}, {{ page.tags | join: '+' }}, "
        "{{ site.title }}.\n\n[July]({% post_url 2015-08-01-july %}) "
        "[Sept]({% post_url events/2015-09-01-sept %}) [No]({% post_url 2015-01-01-no %})\n";
    TestUtil::writeAll(path, bytes);
    const Post post = Post::fromBytes(bytes);
    const Site site = Site::load(root);
    const RenderResult html = PostPage::renderBody(post, site, path, false);
    QVERIFY2(
        html.html.contains("<p>New Year at Hall, /2016/new-year/, 2016-01-02, a+b, Group.</p>"),
        html.html.constData());
    QVERIFY2(html.html.contains("<a href=\"/g/2015/july/\">July</a>"), html.html.constData());
    QVERIFY2(html.html.contains("<a href=\"/g/2015/sept/\">Sept</a>"), html.html.constData());
    // The unresolved tag stays visible, not a link.
    QVERIFY2(html.html.contains("[No]({% post_url 2015-01-01-no %})"), html.html.constData());
    const QList<LiquidIssue> unresolved = PostPage::unresolvedPostUrls(post, site, path);
    QCOMPARE(unresolved.size(), 1);
    QCOMPARE(unresolved.first().argument, QStringLiteral("2015-01-01-no"));
    QCOMPARE(unresolved.first().line, 6);

    // `meetdown render` does the same, and warns about the post it cannot find.
    const auto r = TestUtil::meetdown({QStringLiteral("render"), path});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("<a href=\"/g/2015/july/\">July</a>"));
    QVERIFY2(r.err.contains(":6:91: warning: {% post_url 2015-01-01-no %} names no post"),
             r.err.constData());

    // A post that opts out of Liquid keeps its braces.
    const Post raw = Post::fromBytes("---\nrender_with_liquid: false\n---\n{{ site.title }} "
                                     "{% post_url 2015-01-01-no %}\n");
    QCOMPARE(PostPage::renderBody(raw, site, path, false).html,
             QByteArray("<p>{{ site.title }} {% post_url 2015-01-01-no %}</p>\n"));
    QVERIFY(PostPage::unresolvedPostUrls(raw, site, path).isEmpty());
}

void TestLiquid::linkTagAsJekyllBuildsIt_data()
{
    QTest::addColumn<QByteArray>("config");
    QTest::newRow("date permalinks, baseurl") << QByteArray("baseurl: /g\n");
    QTest::newRow("pretty permalinks") << QByteArray("permalink: pretty\n");
    QTest::newRow("custom permalink ending in /")
        << QByteArray("baseurl: /g\npermalink: /:year/:title/\n");
    // No suffix at all for these styles (Utils.add_permalink_suffix).
    QTest::newRow("weekdate") << QByteArray("permalink: weekdate\n");
    QTest::newRow("custom permalink without /") << QByteArray("permalink: /:year/:title\n");
    QTest::newRow("custom permalink ending in :output_ext")
        << QByteArray("permalink: /:categories/:title:output_ext\n");
}

// {% link %} gives what Jekyll's link tag gives, for a post, pages and a static file: the links of
// a post that uses them are compared with the page `jekyll build` writes.
void TestLiquid::linkTagAsJekyllBuildsIt()
{
    QFETCH(QByteArray, config);
    if (QStandardPaths::findExecutable(QStringLiteral("jekyll")).isEmpty())
        QFAIL("jekyll is not installed (scripts/setup test installs it)");
    QTemporaryDir dir;
    const QString root = dir.path();
    QVERIFY(TestUtil::writeAll(root + QStringLiteral("/_config.yml"),
                               "title: G\ncollections:\n  events: {output: true}\n  hidden: {}\n"
                               "exclude: [notes]\ninclude: [.well-known]\n" +
                                   config));
    QVERIFY(TestUtil::writeAll(root + QStringLiteral("/_layouts/default.html"),
                               "<main>{{ content }}</main>\n"));
    QVERIFY(TestUtil::writeAll(root + QStringLiteral("/_posts/2024-01-10-jan-meetup.md"),
                               "---\ntitle: Jan\n---\nx\n"));
    QVERIFY(TestUtil::writeAll(root + QStringLiteral("/about.md"), "---\ntitle: About\n---\nx\n"));
    QVERIFY(TestUtil::writeAll(root + QStringLiteral("/talks/index.md"), "---\n---\nx\n"));
    QVERIFY(TestUtil::writeAll(root + QStringLiteral("/contact.html"), "---\n---\n<p>x</p>\n"));
    QVERIFY(TestUtil::writeAll(root + QStringLiteral("/join.md"),
                               "---\npermalink: /join-us/\n---\nx\n"));
    QVERIFY(TestUtil::writeAll(root + QStringLiteral("/slides/talk one.pdf"), "%PDF-1.4\n"));
    QVERIFY(TestUtil::writeAll(root + QStringLiteral("/docs/guide.md"),
                               "---\npermalink: /:path/:basename/\n---\nx\n"));
    QVERIFY(TestUtil::writeAll(root + QStringLiteral("/feed.xhtml"), "---\n---\n<p>x</p>\n"));
    QVERIFY(TestUtil::writeAll(root + QStringLiteral("/_events/spring talk.md"),
                               "---\ntitle: Spring\n---\nx\n"));
    QVERIFY(TestUtil::writeAll(root + QStringLiteral("/_hidden/h.md"), "---\n---\nx\n"));
    QVERIFY(TestUtil::writeAll(root + QStringLiteral("/Gemfile"), "source 'x'\n"));
    QVERIFY(TestUtil::writeAll(root + QStringLiteral("/notes/private.md"), "---\n---\nx\n"));
    QVERIFY(TestUtil::writeAll(root + QStringLiteral("/.well-known/security.txt"), "x\n"));
    const QString path = root + QStringLiteral("/_posts/2024-03-10-mar.md");
    const QByteArray bytes =
        "---\nlayout: default\n---\n"
        "[a]({% link _posts/2024-01-10-jan-meetup.md %}) "
        "[b]({% link about.md %}) [c]({% link talks/index.md %}) "
        "[d]({%link contact.html%}) [e]({% link join.md %}) "
        "[f]({% link slides/talk one.pdf %}) [g]({% link /slides/talk one.pdf %})\n"
        "[h]({% link docs/guide.md %}) [i]({% link feed.xhtml %}) "
        "[j]({% link _events/spring talk.md %}) [k]({% link .well-known/security.txt %})\n";
    QVERIFY(TestUtil::writeAll(path, bytes));
    const auto build =
        TestUtil::run(QStringLiteral("jekyll"),
                      {QStringLiteral("build"), QStringLiteral("--quiet"), QStringLiteral("-s"),
                       root, QStringLiteral("-d"), root + QStringLiteral("/_site")});
    QVERIFY2(build.exitCode == 0, build.err.constData());
    QDirIterator pages(root + QStringLiteral("/_site"), {QStringLiteral("*.html")}, QDir::Files,
                       QDirIterator::Subdirectories);
    QByteArray built;
    while (pages.hasNext()) {
        const QByteArray page = TestUtil::readAll(pages.next());
        if (page.contains(">f</a>"))
            built = page;
    }
    QVERIFY2(!built.isEmpty(), "jekyll wrote no page for the post");
    const auto hrefs = [](const QByteArray &html) {
        static const QRegularExpression href(QStringLiteral("href=\"([^\"]*)\""));
        QStringList out;
        for (auto it = href.globalMatch(QString::fromUtf8(html)); it.hasNext();)
            out.append(it.next().captured(1));
        return out;
    };
    const Site site = Site::load(root);
    const Post post = Post::fromBytes(bytes);
    const QStringList expected = hrefs(built);
    QCOMPARE(expected.size(), 11);
    QCOMPARE(hrefs(PostPage::renderBody(post, site, path, false).html), expected);
    QVERIFY(PostPage::unresolvedPostUrls(post, site, path).isEmpty());

    // What Jekyll cannot find is left as written, and named.
    const Post broken =
        Post::fromBytes("---\n---\n[x]({% link _posts/2024-01-11-gone.md %}) [y]({% link "
                        "_layouts/default.html %}) [z]({% link ../outside.md %}) "
                        "[w]({% link /about.md %}) [v]({% link Gemfile %}) "
                        "[u]({% link notes/private.md %}) [t]({% link _hidden/h.md %})\n");
    const QList<LiquidIssue> unresolved = PostPage::unresolvedPostUrls(broken, site, path);
    QCOMPARE(unresolved.size(), 7);
    QCOMPARE(unresolved.first().kind, LiquidIssue::Kind::UnresolvedLink);
    QCOMPARE(unresolved.first().argument, QStringLiteral("_posts/2024-01-11-gone.md"));
    QVERIFY(PostPage::renderBody(broken, site, path, false)
                .html.contains("{% link _posts/2024-01-11-gone.md %}"));
}

void TestLiquid::controlFlow_data()
{
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<QByteArray>("expected");
    // Each was checked against Ruby's liquid 5.4 (matchesRubyLiquid runs more).
    QTest::newRow("if else") << QByteArray("{% if page.count > 2 %}many{% else %}few{% endif %}")
                             << QByteArray("many");
    QTest::newRow("elsif") << QByteArray("{% if page.x %}x{% elsif page.tags %}t{% endif %}")
                           << QByteArray("t");
    QTest::newRow("truthiness")
        << QByteArray("{% if '' %}a{% endif %}{% if 0 %}b{% endif %}{% if nil %}c{% endif %}"
                      "{% if false %}d{% endif %}")
        << QByteArray("ab");
    QTest::newRow("and or from the right")
        << QByteArray("{% if false and false or true %}y{% else %}n{% endif %}") << QByteArray("n");
    QTest::newRow("contains") << QByteArray("{% if page.tags contains 'b' %}yes{% endif %}")
                              << QByteArray("yes");
    QTest::newRow("unless") << QByteArray("{% unless page.tags.size == 2 %}x{% else %}two"
                                          "{% endunless %}")
                            << QByteArray("two");
    QTest::newRow("case") << QByteArray("{% case page.count %}{% when 1, 2 %}low{% when 3 %}3"
                                        "{% else %}?{% endcase %}")
                          << QByteArray("3");
    QTest::newRow("for with forloop")
        << QByteArray("{% for t in page.tags %}{{ forloop.index }}{{ t }}{% if forloop.last %}."
                      "{% else %},{% endif %}{% endfor %}")
        << QByteArray("1a,2b.");
    QTest::newRow("range limit offset reversed")
        << QByteArray("{% for i in (1..page.count) reversed %}{{ i }}{% endfor %} "
                      "{% for i in (1..9) offset: 2 limit: 3 %}{{ i }}{% endfor %}")
        << QByteArray("321 345");
    QTest::newRow("for else") << QByteArray("{% for x in page.nope %}x{% else %}empty{% endfor %}")
                              << QByteArray("empty");
    QTest::newRow("break continue")
        << QByteArray("{% for i in (1..9) %}{% if i == 2 %}{% continue %}{% endif %}{{ i }}"
                      "{% if i == 4 %}{% break %}{% endif %}{% endfor %}")
        << QByteArray("134");
    QTest::newRow("capture") << QByteArray(
                                    "{% capture x %}{{ site.title }}!{% endcapture %}[{{ x }}]")
                             << QByteArray("[Py & Co!]");
    QTest::newRow("blank body drops its blanks")
        << QByteArray("[{% if true %}\n {% assign a = 1 %}\n{% endif %}]{{ a }}")
        << QByteArray("[]1");
}

void TestLiquid::controlFlow()
{
    QFETCH(QByteArray, source);
    QFETCH(QByteArray, expected);
    const LiquidResult result = Liquid::render(source, context());
    QCOMPARE(result.text, expected);
    QVERIFY(result.issues.isEmpty());
}

void TestLiquid::matchesRubyLiquid()
{
    const QList<QByteArray> templates = oracleTemplates();
    const QVariantMap values = oracleValues();
    const QStringList reference = rubyLiquid(templates, values);
    if (reference.isEmpty())
        QSKIP("ruby with the liquid gem is not installed (Debian: apt install jekyll)");
    QCOMPARE(reference.size(), templates.size());
    LiquidContext c;
    c.page = values.value(QStringLiteral("page")).toMap();
    c.site = values.value(QStringLiteral("site")).toMap();
    QStringList failures;
    for (qsizetype i = 0; i < templates.size(); ++i) {
        const QString ours = QString::fromUtf8(Liquid::render(templates.at(i), c).text);
        if (blankLinesCollapsed(ours) != blankLinesCollapsed(reference.at(i)))
            failures.append(QStringLiteral("%1\n    liquid:   %2\n    meetdown: %3")
                                .arg(QString::fromUtf8(templates.at(i)), reference.at(i), ours));
    }
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
}

void TestLiquid::controlFlowKeepsLines()
{
    // A branch not taken, alone on its lines, leaves its line breaks.
    const QByteArray source = "a\n\n{% if page.nope %}\nhidden\n\nmore\n{% endif %}\nb\n"
                              "{% if page.count %}\nshown\n{% else %}\nnot\n{% endif %}\nc\n";
    const QByteArray out = render(source);
    QCOMPARE(out.count('\n'), source.count('\n'));
    QCOMPARE(out, QByteArray("a\n\n\n\n\n\n\nb\n\nshown\n\n\n\nc\n"));
    // Inside a line nothing is added: the paragraph stays one.
    QCOMPARE(render("x {% if page.nope %}y\nz{% endif %} w\n"), QByteArray("x  w\n"));
    // Whitespace control joins what Jekyll joins.
    QCOMPARE(render("x\n{%- if page.nope -%}\ny\n{%- endif -%}\nw\n"), QByteArray("xw\n"));
}

void TestLiquid::malformedBlocks()
{
    // Never closed: shown as written, the rest still rendered.
    LiquidResult result = Liquid::render("{% if true %}a {{ page.count }}\n", context());
    QCOMPARE(result.text, QByteArray("{% if true %}a 3\n"));
    QCOMPARE(result.issues.size(), 1);
    QCOMPARE(result.issues.first().kind, LiquidIssue::Kind::Unclosed);
    QCOMPARE(result.issues.first().argument, QStringLiteral("if"));
    // An unclosed block inside a closed one, an else outside any, a stray endfor.
    result = Liquid::render("{% for i in (1..2) %}{% if i %}{{ i }}{% endfor %}{% else %}"
                            "{% endfor %}{% when 1 %}",
                            context());
    QCOMPARE(result.text, QByteArray("{% if i %}1{% if i %}2{% else %}{% endfor %}{% when 1 %}"));
    QCOMPARE(result.issues.size(), 4);
    QCOMPARE(result.issues.at(0).kind, LiquidIssue::Kind::Unclosed);
    QCOMPARE(result.issues.at(0).column, 22);
    QCOMPARE(result.issues.at(1).argument, QStringLiteral("else"));
    QCOMPARE(result.issues.at(2).argument, QStringLiteral("endfor"));
    QCOMPARE(result.issues.at(3).argument, QStringLiteral("when"));
    // Tags Liquid rejects (Jekyll stops the build) render something, without a crash.
    for (const char *source :
         {"{% if %}x{% endif %}", "{% if == %}x{% endif %}", "{% if 'unterminated %}x{% endif %}",
          "{% if (1..%}x{% endif %}", "{% for %}x{% endfor %}", "{% for i in %}x{% endfor %}",
          "{% case %}{% when %}x{% endcase %}", "{% capture %}x{% endcapture %}",
          "{% if a and %}x{% endif %}", "{% for i in (..) %}x{% endfor %}"}) {
        result = Liquid::render(source, context());
        QVERIFY2(result.text.size() < 40, source);
    }
}

void TestLiquid::boundedWork()
{
    QElapsedTimer timer;
    timer.start();
    // A billion iterations, nested: stopped, with one issue.
    LiquidResult result = Liquid::render(
        "{% for a in (1..100000) %}{% for b in (1..100000) %}x{% endfor %}{% endfor %}", context());
    QVERIFY(result.text.size() <= 100000);
    QCOMPARE(result.issues.size(), 1);
    QCOMPARE(result.issues.first().kind, LiquidIssue::Kind::Limit);
    // Output that doubles every time round.
    result = Liquid::render("{% assign s = 'xx' %}{% for i in (1..64) %}{% assign s = s | append: s"
                            " %}{% endfor %}{{ s | size }}",
                            context());
    QVERIFY(result.issues.size() == 1);
    QCOMPARE(result.issues.first().kind, LiquidIssue::Kind::Limit);
    // A huge range with a limit is cheap and fine.
    result = Liquid::render("{% for i in (1..2000000000) reversed limit: 3 %}{{ i }} {% endfor %}",
                            context());
    QCOMPARE(result.text, QByteArray("3 2 1 "));
    QVERIFY(result.issues.isEmpty());
    // Nesting deeper than Liquid allows.
    QByteArray deep;
    for (int i = 0; i < 500; ++i)
        deep += "{% if true %}";
    deep += "x";
    for (int i = 0; i < 500; ++i)
        deep += "{% endif %}";
    result = Liquid::render(deep, context());
    QVERIFY(result.text.contains('x'));
    QVERIFY(!result.issues.isEmpty());
    QVERIFY2(timer.elapsed() < 20000, qPrintable(QString::number(timer.elapsed())));
}

void TestLiquid::sitePostsUnavailable()
{
    const LiquidResult result = Liquid::render(
        "Recent:\n{% for post in site.posts limit: 3 %}\n- {{ post.title }}\n{% endfor %}\n",
        context());
    QCOMPARE(result.text, QByteArray("Recent:\n\n\n\n"));
    QCOMPARE(result.issues.size(), 1);
    QCOMPARE(result.issues.first().kind, LiquidIssue::Kind::Unavailable);
    QCOMPARE(result.issues.first().argument, QStringLiteral("site.posts"));
    QCOMPARE(result.issues.first().line, 2);
}

QTEST_GUILESS_MAIN(TestLiquid)
#include "tst_liquid.moc"
