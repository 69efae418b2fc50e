// Liquid before Markdown, as Jekyll runs it: the tags and filters meetup posts use, the lines they
// keep, what the preview cannot do (reported, left visible), and PostPage's context from a site.

#include "testutil.h"

#include <app/postpage.h>
#include <editor/post.h>
#include <editor/site.h>
#include <preview/liquid.h>

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
        "{% include footer.html name=\"x\" %}\n{% if page.x %}y{% endif %}\n", context());
    QCOMPARE(result.text,
             QString::fromUtf8("⟦include footer.html⟧\n{% if page.x %}y{% endif %}\n").toUtf8());
    QCOMPARE(result.issues.size(), 3);
    QCOMPARE(result.issues.at(0).kind, LiquidIssue::Kind::Include);
    QCOMPARE(result.issues.at(0).argument, QStringLiteral("footer.html"));
    QCOMPARE(result.issues.at(1).kind, LiquidIssue::Kind::UnknownTag);
    QCOMPARE(result.issues.at(1).argument, QStringLiteral("if"));
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

QTEST_GUILESS_MAIN(TestLiquid)
#include "tst_liquid.moc"
