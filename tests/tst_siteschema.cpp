// The site's front-matter schema: `meetdown: fields:`, Prose's metadata, the seed with the keys
// a site's posts use, validation as Jekyll reads the values, and the new post template that
// follows the schema (checked against Ruby's Psych, which is what Jekyll reads it with).

#include "testutil.h"

#include <editor/jekyllyaml.h>
#include <editor/post.h>
#include <editor/posttemplate.h>
#include <editor/site.h>
#include <editor/sitechecker.h>
#include <editor/siteindex.h>
#include <editor/siteschema.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace Meetdown;

namespace {

using T = FieldSpec::Type;

QString schemaDir(const char *name)
{
    return QStringLiteral(MEETDOWN_SOURCE_DIR "/tests/data/schema/") + QLatin1String(name);
}

QStringList keysOf(const SiteSchema &schema)
{
    QStringList out;
    for (const FieldSpec &f : schema.fields)
        out.append(f.key);
    return out;
}

QStringList formatted(const Diagnostics &diagnostics)
{
    QStringList out;
    for (const Diagnostic &d : diagnostics)
        out.append(d.format(QStringLiteral("_config.yml")));
    return out;
}

YamlMap frontMatter(const QByteArray &yaml)
{
    const YamlDocument doc = JekyllYaml::load(yaml);
    return doc.map();
}

QStringList issues(const SiteSchema &schema, const QByteArray &yaml)
{
    QStringList out;
    for (const SiteSchema::Issue &issue : schema.validate(frontMatter(yaml)))
        out.append(issue.key + QStringLiteral(": ") + issue.message);
    return out;
}

SiteSchema schemaFromConfig(const QByteArray &config)
{
    QTemporaryDir dir;
    TestUtil::writeAll(dir.filePath(QStringLiteral("_config.yml")), config);
    return SiteSchema::load(Site::load(dir.path()));
}

SiteSchema inferredFor(const Site &site)
{
    const SiteIndex index = SiteIndex::scan(site);
    return SiteSchema::load(site, index.commonKeys, index.commonKeyTypes);
}

// What Jekyll's Psych reads from a post's front matter, as JSON.
QJsonObject rubyFrontMatter(const QByteArray &post)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("2024-05-01-new.md"));
    TestUtil::writeAll(path, post);
    const auto r = TestUtil::run(QStringLiteral("ruby"), {TestUtil::oracleScript(), path});
    return QJsonDocument::fromJson(r.out).object();
}

QJsonObject meetdownFrontMatter(const Post &post)
{
    return QJsonDocument::fromJson(JekyllYaml::toJson(QVariant::fromValue(post.values()))).object();
}

const QDateTime When(QDate(2024, 5, 1), QTime(18, 30), QTimeZone("Europe/Copenhagen"));
const QTimeZone Zone("Europe/Copenhagen");

} // namespace

class TestSiteSchema final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void typeNamesRoundTrip();
    void seedIsTheFormsFields();
    void meetdownFields();
    void proseMetadata();
    void meetdownWinsOverProse();
    void partialDeclarationKeepsTheUsualFields();
    void badConfigFallsBackToString_data();
    void badConfigFallsBackToString();
    void anyYamlShapeLoads();
    void validate_data();
    void validate();
    void datetimeOtherThanDate();
    void inferredFromTheCorpus();
    void inferredSchemasAcceptTheirOwnPosts();
    void templateFollowsMeetdownSchema();
    void templateFollowsProse();
    void templateFollowsTheSitesHabits_data();
    void templateFollowsTheSitesHabits();
    void templateValuesReadBackAsWritten();
    void optionValuesAreAsJekyllReadsThem();
    void validateComparesOptionsAsJekyllReadsThem();
};

void TestSiteSchema::initTestCase()
{
    // Ruby is installed with the test dependencies; without it the oracle tests would pass
    // without checking anything.
    if (TestUtil::run(QStringLiteral("ruby"), {QStringLiteral("-e"), QStringLiteral("1")})
            .exitCode != 0)
        QFAIL("ruby is needed as the oracle (scripts/setup test installs it)");
}

void TestSiteSchema::typeNamesRoundTrip()
{
    const QStringList names =
        TestUtil::strings({"string", "text", "datetime", "boolean", "select", "multiselect", "tags",
                           "image", "number", "list", "hidden"});
    for (const QString &name : names) {
        const auto type = FieldSpec::typeFromName(name);
        QVERIFY2(type, qPrintable(name));
        QCOMPARE(FieldSpec::typeName(*type), name);
    }
    QVERIFY(!FieldSpec::typeFromName(QStringLiteral("place")));
}

void TestSiteSchema::seedIsTheFormsFields()
{
    const SiteSchema seed = SiteSchema::seed();
    QCOMPARE(seed.source, SiteSchema::Source::Inferred);
    // FrontMatterForm::fieldKeys(), in the same order.
    QCOMPARE(keysOf(seed),
             TestUtil::strings({"layout", "title", "author", "date", "tags", "categories",
                                "description", "image", "featured", "hidden"}));
    QCOMPARE(seed.field(QStringLiteral("date"))->type, T::DateTime);
    QCOMPARE(seed.field(QStringLiteral("tags"))->type, T::Tags);
    QCOMPARE(seed.field(QStringLiteral("featured"))->type, T::Boolean);
    QCOMPARE(seed.field(QStringLiteral("image"))->type, T::Image);
    QVERIFY(seed.requiredKeys().isEmpty());
    QVERIFY(seed.diagnostics.isEmpty());
    QVERIFY(!seed.field(QStringLiteral("venue")));
    // Outside a site: the seed.
    QCOMPARE(keysOf(SiteSchema::load(Site())), keysOf(seed));
}

void TestSiteSchema::meetdownFields()
{
    const SiteSchema s = SiteSchema::load(Site::load(schemaDir("meetdown")));
    QCOMPARE(s.source, SiteSchema::Source::Meetdown);
    QCOMPARE(formatted(s.diagnostics), QStringList());
    QCOMPARE(keysOf(s),
             TestUtil::strings({"layout", "title", "author", "date", "venue", "topics", "tags",
                                "attendees", "summary", "image", "talks", "featured", "note"}));
    QStringList types;
    for (const FieldSpec &f : s.fields)
        types.append(FieldSpec::typeName(f.type));
    QCOMPARE(types,
             TestUtil::strings({"select", "string", "string", "datetime", "select", "multiselect",
                                "tags", "number", "text", "image", "list", "boolean", "string"}));
    QCOMPARE(s.requiredKeys(), TestUtil::strings({"title", "author"}));
    const FieldSpec *layout = s.field(QStringLiteral("layout"));
    QCOMPARE(layout->options, TestUtil::strings({"post", "talk"}));
    QCOMPARE(layout->defaultValue, QVariant(QStringLiteral("post")));
    QCOMPARE(layout->label, QStringLiteral("Layout"));
    QCOMPARE(s.field(QStringLiteral("author"))->label, QStringLiteral("Written by"));
    QCOMPARE(s.field(QStringLiteral("date"))->label, QStringLiteral("Date"));
    const FieldSpec *venue = s.field(QStringLiteral("venue"));
    QCOMPARE(venue->options, TestUtil::strings({"Founders House", "online"}));
    QCOMPARE(venue->optionLabels, TestUtil::strings({"Founders House", "Online"}));
    QCOMPARE(venue->help, QStringLiteral("Where the meetup was"));
    QVERIFY(!venue->defaultValue.isValid());
    QCOMPARE(s.field(QStringLiteral("topics"))->defaultValue,
             QVariant(QVariantList{QStringLiteral("ruby")}));
    QCOMPARE(s.field(QStringLiteral("attendees"))->defaultValue, QVariant(qlonglong(0)));
    QCOMPARE(s.field(QStringLiteral("featured"))->defaultValue, QVariant(false));
    QCOMPARE(s.field(QStringLiteral("note"))->defaultValue, QVariant(QStringLiteral("no: really")));
}

void TestSiteSchema::proseMetadata()
{
    const SiteSchema s = SiteSchema::load(Site::load(schemaDir("prose")));
    QCOMPARE(s.source, SiteSchema::Source::Prose);
    QCOMPARE(formatted(s.diagnostics), QStringList());
    QCOMPARE(keysOf(s),
             TestUtil::strings({"layout", "title", "date", "author", "description", "category",
                                "tags", "speakers", "published", "comments"}));
    QStringList types;
    for (const FieldSpec &f : s.fields)
        types.append(FieldSpec::typeName(f.type));
    // An alterable multiselect takes values of the author's own: tags with suggestions.
    QCOMPARE(types, TestUtil::strings({"hidden", "string", "datetime", "string", "text", "select",
                                       "tags", "multiselect", "boolean", "hidden"}));
    QCOMPARE(s.field(QStringLiteral("layout"))->defaultValue, QVariant(QStringLiteral("post")));
    QCOMPARE(s.field(QStringLiteral("title"))->label, QStringLiteral("Title"));
    QVERIFY(s.field(QStringLiteral("date"))->defaultIsNow);
    QVERIFY(!s.field(QStringLiteral("date"))->defaultValue.isValid());
    QVERIFY(!s.field(QStringLiteral("author"))->defaultValue.isValid()); // CURRENT_USER
    QCOMPARE(s.field(QStringLiteral("description"))->help,
             QStringLiteral("A sentence for the home page"));
    const FieldSpec *category = s.field(QStringLiteral("category"));
    QCOMPARE(category->options, TestUtil::strings({"meetup", "news"}));
    QCOMPARE(category->optionLabels, TestUtil::strings({"Meetup report", "Announcement"}));
    QCOMPARE(s.field(QStringLiteral("tags"))->options, TestUtil::strings({"python", "django"}));
    QCOMPARE(s.field(QStringLiteral("tags"))->defaultValue,
             QVariant(QVariantList{QStringLiteral("python")}));
    QCOMPARE(s.field(QStringLiteral("speakers"))->options, TestUtil::strings({"Asha", "Ravi"}));
    // Prose's checkbox writes "true" as a boolean.
    QCOMPARE(s.field(QStringLiteral("published"))->defaultValue, QVariant(true));
    QCOMPARE(s.field(QStringLiteral("comments"))->defaultValue, QVariant(false));
    QVERIFY(s.requiredKeys().isEmpty());
}

void TestSiteSchema::meetdownWinsOverProse()
{
    const SiteSchema s = SiteSchema::load(Site::load(schemaDir("both")));
    QCOMPARE(s.source, SiteSchema::Source::Meetdown);
    QCOMPARE(keysOf(s), TestUtil::strings({"layout", "title", "date", "venue"}));
    // A `meetdown:` section without fields leaves Prose in charge.
    const SiteSchema prose =
        schemaFromConfig("meetdown: {image_folder: x}\nprose:\n  metadata:\n    _posts:\n"
                         "      - name: layout\n        field: {element: hidden, value: post}\n");
    QCOMPARE(prose.source, SiteSchema::Source::Prose);
    QCOMPARE(keysOf(prose), TestUtil::strings({"layout"}));
}

void TestSiteSchema::badConfigFallsBackToString_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("type");
    QTest::newRow("unknown type") << "venue"
                                  << "string";
    QTest::newRow("select without options") << "layout"
                                            << "string";
    QTest::newRow("not a mapping") << "speakers"
                                   << "string";
    QTest::newRow("bad default") << "rating"
                                 << "number";
    QTest::newRow("default outside the options") << "topics"
                                                 << "multiselect";
    QTest::newRow("type that is a list") << "weird"
                                         << "string";
    QTest::newRow("fine") << "ok"
                          << "boolean";
}

void TestSiteSchema::badConfigFallsBackToString()
{
    QFETCH(QString, key);
    QFETCH(QString, type);
    const SiteSchema s = SiteSchema::load(Site::load(schemaDir("bad")));
    QCOMPARE(s.source, SiteSchema::Source::Meetdown);
    QVERIFY(s.field(key));
    QCOMPARE(FieldSpec::typeName(s.field(key)->type), type);
    QVERIFY(!s.field(key)->defaultValue.isValid());
    QVERIFY(!s.field(key)->required);
    // Every problem once, at the line of its setting, as warnings (Jekyll builds the site).
    QCOMPARE(formatted(s.diagnostics),
             TestUtil::strings(
                 {"_config.yml:5:7: warning: meetdown: fields: venue: type: unknown type 'place' "
                  "(use one of string, text, datetime, boolean, select, multiselect, tags, image, "
                  "number, list); Meetdown reads it as a string field",
                  "_config.yml:6:5: warning: meetdown: fields: layout: a select field needs "
                  "options, like options: [a, b]; Meetdown reads it as a string field",
                  "_config.yml:8:5: warning: meetdown: fields: speakers: should be a mapping like "
                  "{ type: string, required: true }; Meetdown reads it as a string field",
                  "_config.yml:11:7: warning: meetdown: fields: rating: default: should be a "
                  "number; Meetdown leaves the field empty in new posts",
                  "_config.yml:12:5: warning: meetdown: fields: topics: default: 'c' is not one "
                  "of: a, b; Meetdown leaves the field empty in new posts",
                  "_config.yml:14:7: warning: meetdown: fields: weird: type: unknown type '...' "
                  "(use one of string, text, datetime, boolean, select, multiselect, tags, image, "
                  "number, list); Meetdown reads it as a string field",
                  "_config.yml:16:7: warning: meetdown: fields: weird: required: should be true or "
                  "false; Meetdown ignores it",
                  "_config.yml:15:7: warning: meetdown: fields: weird: options: should be a list, "
                  "like [a, b]"}));
}

void TestSiteSchema::anyYamlShapeLoads()
{
    // Each loads without a crash and gives a usable schema; the odd ones say why.
    const QList<QByteArray> configs = {
        "meetdown: []\n",
        "meetdown: 3\n",
        "meetdown: {fields: []}\n",
        "meetdown: {fields: {}}\n",
        "meetdown: {fields: null}\n",
        "meetdown: {fields: {a: [1, 2]}}\n",
        "meetdown: {fields: {a: {type: null, options: null, default: null}}}\n",
        "meetdown: {fields: {a: {type: select, options: [[1], {x: 1}, null]}}}\n",
        "meetdown: {fields: {a: {type: select, options: [{name: [1]}, {value: {x: 1}}]}}}\n",
        "meetdown: {fields: {a: {label: [1], help: {x: 1}, required: 1}}}\n",
        "meetdown: {fields: {? [a, b] : {type: string}}}\n",
        "meetdown: {fields: {2024-01-01: {type: datetime, default: 2024-01-01}}}\n",
        "prose: []\n",
        "prose: {metadata: []}\n",
        "prose: {metadata: {_posts: {a: 1}}}\n",
        "prose: {metadata: {_posts: [1, [2], null, {name: [x]}, {name: a, field: 3}]}}\n",
        "prose: {metadata: {_posts: [{name: a, field: {element: [1], options: 3, value: {x: "
        "1}}}]}}\n",
        "prose: {metadata: {_posts: [{name: a, field: {element: select, options: [{value: "
        "null}]}}]}}\n",
        "prose: {metadata: {_posts: [{name: a, field: {element: checkbox, value: maybe}}]}}\n",
        "prose:\n  metadata:\n    _posts:\n      - name:\n      - field:\n",
        "---\n- just\n- a list\n",
        "",
    };
    for (const QByteArray &config : configs) {
        const SiteSchema s = schemaFromConfig(config);
        for (const FieldSpec &f : s.fields) {
            QVERIFY(!f.key.isEmpty());
            QCOMPARE(f.options.size(), f.optionLabels.size());
            if (f.type == T::Select || f.type == T::MultiSelect)
                QVERIFY(!f.options.isEmpty());
        }
        s.validate(frontMatter("a: [1, {b: 2}]\ntitle: {x: 1}\n"));
    }
    QCOMPARE(schemaFromConfig("meetdown: []\n").diagnostics.size(), 1);
    QCOMPARE(schemaFromConfig("meetdown: []\n").source, SiteSchema::Source::Inferred);
    QCOMPARE(schemaFromConfig("prose: {metadata: {_posts: [1, {name: a, field: 3}]}}\n")
                 .diagnostics.size(),
             2);
    // A Prose setting's problem at its own line.
    QCOMPARE(formatted(schemaFromConfig("prose:\n  metadata:\n    _posts:\n      - name: a\n"
                                        "        field:\n          label: A\n"
                                        "          element: dropdown\n      - name: b\n")
                           .diagnostics),
             TestUtil::strings(
                 {"_config.yml:7:11: warning: prose: metadata: _posts: a: element: unknown "
                  "element 'dropdown' (Prose knows text, textarea, select, multiselect, "
                  "checkbox, hidden); Meetdown reads it as a text field"}));
    const SiteSchema twice = schemaFromConfig(
        "prose:\n  metadata:\n    _posts:\n      - name: a\n        field: {element: textarea}\n"
        "      - name: a\n        field: {element: checkbox}\n");
    QCOMPARE(keysOf(twice), TestUtil::strings({"a"}));
    QCOMPARE(twice.fields.first().type, T::Text);
    QCOMPARE(
        formatted(twice.diagnostics),
        TestUtil::strings({"_config.yml:6:9: warning: prose: metadata: _posts: a: listed twice; "
                           "Meetdown uses the first"}));
    const SiteSchema checkbox = schemaFromConfig(
        "prose: {metadata: {_posts: [{name: a, field: {element: checkbox, value: maybe}}]}}\n");
    QCOMPARE(checkbox.fields.first().type, T::Boolean);
    QVERIFY(!checkbox.fields.first().defaultValue.isValid());
    QCOMPARE(checkbox.diagnostics.size(), 1);
}

void TestSiteSchema::validate_data()
{
    QTest::addColumn<QByteArray>("frontMatter");
    QTest::addColumn<QStringList>("expected");
    const QByteArray ok = "title: A\nauthor: B\n";
    QTest::newRow("all fine") << ok + "layout: talk\nvenue: online\ntopics: [ruby, rails]\n"
                                      "attendees: 12\ndate: 2024-05-01 18:30\nfeatured: no\n"
                                      "tags: meetup ruby\ntalks: [a]\nimage: /a.jpg\n"
                              << QStringList();
    QTest::newRow("required missing")
        << QByteArray("title: A\n") << TestUtil::strings({"author: required"});
    QTest::newRow("required null")
        << QByteArray("title: A\nauthor:\n") << TestUtil::strings({"author: required"});
    QTest::newRow("required empty string")
        << QByteArray("title: ''\nauthor: B\n") << TestUtil::strings({"title: required"});
    QTest::newRow("required empty list")
        << QByteArray("title: A\nauthor: []\n") << TestUtil::strings({"author: required"});
    QTest::newRow("select outside")
        << ok + "layout: page\n"
        << TestUtil::strings({"layout: 'page' is not one of: post, talk"});
    QTest::newRow("select label is not the value")
        << ok + "venue: Online\n"
        << TestUtil::strings({"venue: 'Online' is not one of: Founders House, "
                              "online"});
    QTest::newRow("select given a list")
        << ok + "layout: [post]\n"
        << TestUtil::strings({"layout: should be one value, one of: "
                              "post, talk"});
    QTest::newRow("multiselect item outside")
        << ok + "topics: [ruby, go]\n"
        << TestUtil::strings({"topics: 'go' is not one of: ruby, rails, "
                              "testing"});
    QTest::newRow("multiselect mapping")
        << ok + "topics: {ruby: 1}\n"
        << TestUtil::strings({"topics: should be a list, like [a, b], "
                              "not a mapping"});
    QTest::newRow("boolean as text") << ok + "featured: 'yes'\n"
                                     << TestUtil::strings({"featured: should be true or false"});
    QTest::newRow("boolean as Psych reads yes") << ok + "featured: yes\n" << QStringList();
    QTest::newRow("number as text") << ok + "attendees: twelve\n"
                                    << TestUtil::strings({"attendees: should be a number"});
    QTest::newRow("number 3,5 is Psych's 35") << ok + "attendees: 3,5\n" << QStringList();
    QTest::newRow("number float") << ok + "attendees: 1.5\n" << QStringList();
    QTest::newRow("datetime as text")
        << ok + "date: tomorrow\n"
        << TestUtil::strings(
               {"date: should be a date and time Jekyll reads as one, like 2024-05-01 "
                "18:30:00 +0200"});
    // Jekyll parses a string `date` itself (and Psych wants seconds in a time).
    QTest::newRow("date quoted") << ok + "date: '2024-05-01'\n" << QStringList();
    QTest::newRow("date without seconds") << ok + "date: 2024-05-01 18:30\n" << QStringList();
    QTest::newRow("datetime date only") << ok + "date: 2024-05-01\n" << QStringList();
    QTest::newRow("string as list") << ok.left(9) + "author: [a, b]\n"
                                    << TestUtil::strings({"author: should be text, not a list"});
    QTest::newRow("text as mapping")
        << ok + "summary: {a: b}\n"
        << TestUtil::strings({"summary: should be text, not a mapping"});
    QTest::newRow("string that Psych reads as a number") << ok + "note: 12\n" << QStringList();
    QTest::newRow("image as list")
        << ok + "image: [a.jpg]\n"
        << TestUtil::strings({"image: should be the path or URL of a picture, not a list"});
    QTest::newRow("image as mapping")
        << ok + "image: {url: a.jpg}\n"
        << TestUtil::strings({"image: should be the path or URL of a picture, not a mapping"});
    QTest::newRow("image with path") << ok + "image: {path: a.jpg, height: 10}\n" << QStringList();
    QTest::newRow("list given one value")
        << ok + "talks: Bob\n"
        << TestUtil::strings({"talks: should be a list, like [Bob], not one value"});
    QTest::newRow("list given a number")
        << ok + "talks: 3\n"
        << TestUtil::strings({"talks: should be a list, like [3], not one value"});
    QTest::newRow("tags as mapping")
        << ok + "tags: {a: 1}\n"
        << TestUtil::strings({"tags: should be a list, like [a, b], not a "
                              "mapping"});
    QTest::newRow("tags outside suggestions") << ok + "tags: [anything]\n" << QStringList();
    QTest::newRow("list as string")
        << ok + "talks: one two\n"
        << TestUtil::strings({"talks: should be a list, like [one two], not one value"});
    // Jekyll splits these two at spaces itself.
    QTest::newRow("tags as string") << ok + "tags: one two\n" << QStringList();
    QTest::newRow("list as mapping")
        << ok + "talks: {a: 1}\n"
        << TestUtil::strings({"talks: should be a list, like [a, b], not a "
                              "mapping"});
    QTest::newRow("several, in schema order")
        << QByteArray("featured: 1\nlayout: x\n")
        << TestUtil::strings({"layout: 'x' is not one of: post, talk", "title: required",
                              "author: required", "featured: should be true or false"});
}

void TestSiteSchema::validate()
{
    QFETCH(QByteArray, frontMatter);
    QFETCH(QStringList, expected);
    const SiteSchema s = SiteSchema::load(Site::load(schemaDir("meetdown")));
    QCOMPARE(issues(s, frontMatter).join(QLatin1Char('\n')), expected.join(QLatin1Char('\n')));
}

void TestSiteSchema::datetimeOtherThanDate()
{
    // Only `date` is parsed by Jekyll from a string; another key keeps what Psych read.
    const SiteSchema s = schemaFromConfig("meetdown: {fields: {updated: {type: datetime}}}\n");
    QCOMPARE(issues(s, "updated: 2024-05-01 18:30:00 +02:00\n"), QStringList());
    QCOMPARE(issues(s, "updated: 2024-05-01\n"), QStringList());
    const QStringList wrong =
        TestUtil::strings({"updated: should be a date and time Jekyll reads as one, "
                           "like 2024-05-01 18:30:00 +0200"});
    QCOMPARE(issues(s, "updated: 2024-05-01 18:30\n"), wrong);
    QCOMPARE(issues(s, "updated: '2024-05-01'\n"), wrong);
    QCOMPARE(issues(s, "updated: [2024-05-01]\n"), wrong);
}

// A site that only makes `author` required keeps the fields its posts use around it, in the
// usual order; a bare declaration without posts keeps Jekyll's own keys.
void TestSiteSchema::partialDeclarationKeepsTheUsualFields()
{
    QTemporaryDir dir;
    const QString root = TestUtil::copyTree(TestUtil::corpusDir() + QStringLiteral("/rirug"),
                                            dir.filePath(QStringLiteral("site")));
    QByteArray config = TestUtil::readAll(root + QStringLiteral("/_config.yml"));
    config.replace("style: :compressed", "style: compressed");
    config += "\nmeetdown:\n  fields:\n    author: { required: true, help: Who wrote it }\n"
              "    venue: { type: select, options: [Hub, Library] }\n";
    TestUtil::writeAll(root + QStringLiteral("/_config.yml"), config);
    const Site site = Site::load(root);
    const SiteSchema s = inferredFor(site);
    QCOMPARE(s.source, SiteSchema::Source::Meetdown);
    // rirug's posts use layout, title, author and categories.
    QCOMPARE(keysOf(s),
             TestUtil::strings({"layout", "title", "author", "date", "categories", "venue"}));
    QVERIFY(s.field(QStringLiteral("author"))->required);
    QVERIFY(!s.field(QStringLiteral("author"))->inferred);
    QCOMPARE(s.field(QStringLiteral("author"))->help, QStringLiteral("Who wrote it"));
    QVERIFY(s.field(QStringLiteral("categories"))->inferred);
    QVERIFY(!s.field(QStringLiteral("venue"))->inferred);
    // The undeclared fields' rules are hints: check reports only the declared ones.
    const QString post = root + QStringLiteral("/_posts/2099-01-01-x.md");
    TestUtil::writeAll(
        post, "---\nlayout: post\ntitle: X\nauthor: A\nvenue: Moon\ncategories: {a: 1}\n---\n");
    QStringList messages;
    for (const Diagnostic &d :
         SiteChecker::checkPost(post, Post::fromBytes(TestUtil::readAll(post)), site)) {
        if (d.isError())
            messages << d.message;
    }
    QCOMPARE(messages.size(), 1);
    QVERIFY2(messages.first().startsWith(QLatin1String("'venue'")), qPrintable(messages.first()));

    // Without posts to learn from, the declaration and the title.
    QCOMPARE(keysOf(schemaFromConfig("meetdown: {fields: {author: {required: true}}}\n")),
             TestUtil::strings({"layout", "title", "author", "date"}));
}

void TestSiteSchema::inferredFromTheCorpus()
{
    struct Expected
    {
        const char *site;
        QStringList common;
        QStringList fields; // the form's fields, in order
    };
    const QList<Expected> sites = {
        // `authors:` takes the seed's `author` place, as `category` takes `categories`'.
        {"bangpypers",
         TestUtil::strings({"layout", "title", "authors", "categories", "featured", "image",
                            "description", "hidden"}),
         TestUtil::strings({"layout", "title", "authors", "date", "tags", "categories",
                            "description", "image", "featured", "hidden"})},
        {"bangpypers_2021_seed_schema",
         TestUtil::strings({"layout", "title", "author", "tags", "categories", "image", "hidden",
                            "featured", "description"}),
         TestUtil::strings({"layout", "title", "author", "date", "tags", "categories",
                            "description", "image", "featured", "hidden"})},
        // Its speakers are mappings (name, link): left to More fields, not a list of words.
        {"copenhagenjs", TestUtil::strings({"title", "date", "speakers", "layout"}),
         TestUtil::strings({"layout", "title", "author", "date", "tags", "categories",
                            "description", "image", "featured", "hidden"})},
        {"pythonpune", TestUtil::strings({"layout", "title", "category"}),
         TestUtil::strings({"layout", "title", "author", "date", "tags", "category", "description",
                            "image", "featured", "hidden"})},
        {"rirug", TestUtil::strings({"layout", "title", "author", "categories"}),
         TestUtil::strings({"layout", "title", "author", "date", "tags", "categories",
                            "description", "image", "featured", "hidden"})},
    };
    for (const Expected &e : sites) {
        const Site site =
            Site::load(TestUtil::corpusDir() + QLatin1Char('/') + QLatin1String(e.site));
        const SiteIndex index = SiteIndex::scan(site);
        QStringList common = index.commonKeys;
        QStringList want = e.common;
        common.sort();
        want.sort();
        QCOMPARE(common, want);
        const SiteSchema s = SiteSchema::load(site, index.commonKeys, index.commonKeyTypes);
        QCOMPARE(s.source, SiteSchema::Source::Inferred);
        QCOMPARE(keysOf(s), e.fields);
        QVERIFY(s.requiredKeys().isEmpty());
    }
    const Site bangpypers = Site::load(TestUtil::corpusDir() + QStringLiteral("/bangpypers"));
    // Most used first: every post has the first five, 102 image and description, 74 hidden.
    const SiteIndex index = SiteIndex::scan(bangpypers);
    QStringList secondRank = index.commonKeys.mid(5, 2);
    secondRank.sort();
    QCOMPARE(secondRank, TestUtil::strings({"description", "image"}));
    QCOMPARE(index.commonKeys.last(), QStringLiteral("hidden"));
    QCOMPARE(index.commonKeyTypes.value(QStringLiteral("authors")), QStringLiteral("list"));
    QCOMPARE(index.commonKeyTypes.value(QStringLiteral("featured")), QStringLiteral("boolean"));
    const SiteSchema s = inferredFor(bangpypers);
    QCOMPARE(s.field(QStringLiteral("authors"))->type, T::List);
    const Site copenhagen = Site::load(TestUtil::corpusDir() + QStringLiteral("/copenhagenjs"));
    QVERIFY(!inferredFor(copenhagen).field(QStringLiteral("speakers")));
    const Site pune = Site::load(TestUtil::corpusDir() + QStringLiteral("/pythonpune"));
    QCOMPARE(inferredFor(pune).field(QStringLiteral("category"))->type, T::String);
    // Without the types, a key's name still tells a list.
    QCOMPARE(SiteSchema::load(bangpypers, {QStringLiteral("authors")})
                 .field(QStringLiteral("authors"))
                 ->type,
             T::List);
}

void TestSiteSchema::inferredSchemasAcceptTheirOwnPosts()
{
    // An inferred schema describes the site as it is: none of its posts breaks it.
    for (const char *name :
         {"bangpypers", "bangpypers_2021_seed_schema", "copenhagenjs", "pythonpune", "rirug"}) {
        const Site site =
            Site::load(TestUtil::corpusDir() + QLatin1Char('/') + QLatin1String(name));
        const SiteSchema s = inferredFor(site);
        int posts = 0;
        for (const QString &rel : site.postFiles()) {
            const Post post =
                Post::fromBytes(TestUtil::readAll(site.root() + QLatin1Char('/') + rel));
            if (!post.frontMatterLoaded())
                continue;
            ++posts;
            for (const SiteSchema::Issue &issue : s.validate(post.values())) {
                // The seed's own types, for keys too few posts use to know better, may not fit.
                if (!s.commonKeys.contains(issue.key))
                    continue;
                QFAIL(qPrintable(QStringLiteral("%1/%2: %3: %4")
                                     .arg(QLatin1String(name), rel, issue.key, issue.message)));
            }
        }
        QVERIFY(posts > 10);
    }
}

void TestSiteSchema::templateFollowsMeetdownSchema()
{
    const SiteSchema s = SiteSchema::load(Site::load(schemaDir("meetdown")));
    const QByteArray text = PostTemplate::meetupReport(QStringLiteral("May: Ruby 3.3"),
                                                       QStringLiteral("Ann Lee"), When, Zone, s);
    const QByteArray expectedHead = "---\n"
                                    "layout: post\n"
                                    "title: \"May: Ruby 3.3\"\n"
                                    "author: Ann Lee\n"
                                    "date: 2024-05-01 18:30:00 +0200\n"
                                    "venue:\n"
                                    "topics: [ruby]\n"
                                    "tags:\n"
                                    "attendees: 0\n"
                                    "summary:\n"
                                    "image:\n"
                                    "talks:\n"
                                    "featured: false\n"
                                    "note: \"no: really\"\n"
                                    "---\n\n";
    QVERIFY2(text.startsWith(expectedHead), text.constData());
    // The body is the template's.
    const QByteArray seed = PostTemplate::meetupReport(QStringLiteral("May: Ruby 3.3"),
                                                       QStringLiteral("Ann Lee"), When, Zone);
    QVERIFY(seed.endsWith(text.mid(expectedHead.size() - 1)));
    const Post post = Post::fromBytes(text);
    QVERIFY(post.frontMatterLoaded());
    QCOMPARE(post.toBytes(), text);
    const QJsonObject ruby = rubyFrontMatter(text);
    QCOMPARE(ruby.value(QStringLiteral("data")).toObject(), meetdownFrontMatter(post));
    // The new post breaks only the rules the author has yet to fill in: none here.
    QCOMPARE(issues(s, post.frontMatterText()), QStringList());
    // Without an author, `author:` stays empty and the schema asks for it.
    const QByteArray anonymous =
        PostTemplate::meetupReport(QStringLiteral("May"), QString(), When, Zone, s);
    QVERIFY(anonymous.contains("\nauthor:\n"));
    QCOMPARE(issues(s, Post::fromBytes(anonymous).frontMatterText()),
             TestUtil::strings({"author: required"}));
}

void TestSiteSchema::templateFollowsProse()
{
    const SiteSchema s = SiteSchema::load(Site::load(schemaDir("prose")));
    const QByteArray text =
        PostTemplate::meetupReport(QStringLiteral("true"), QStringLiteral("Ravi"), When, Zone, s);
    const QByteArray expectedHead = "---\n"
                                    "layout: post\n"
                                    "title: \"true\"\n"
                                    "date: 2024-05-01 18:30:00 +0200\n"
                                    "author: Ravi\n"
                                    "description:\n"
                                    "category:\n"
                                    "tags: [python]\n"
                                    "speakers:\n"
                                    "published: true\n"
                                    "comments: false\n"
                                    "---\n\n";
    QVERIFY2(text.startsWith(expectedHead), text.constData());
    const Post post = Post::fromBytes(text);
    QCOMPARE(post.toBytes(), text);
    QCOMPARE(post.value(QStringLiteral("title")), QVariant(QStringLiteral("true")));
    QCOMPARE(rubyFrontMatter(text).value(QStringLiteral("data")).toObject(),
             meetdownFrontMatter(post));
    // CURRENT_DATETIME is the date asked for, wherever the field is.
    const SiteSchema updated =
        schemaFromConfig("prose:\n  metadata:\n    _posts:\n      - name: updated\n        field:\n"
                         "          element: text\n          value: CURRENT_DATETIME\n");
    const QByteArray withUpdated =
        PostTemplate::meetupReport(QStringLiteral("T"), QString(), When, Zone, updated);
    QVERIFY2(withUpdated.startsWith("---\ntitle: \"T\"\nupdated: 2024-05-01 18:30:00 +0200\n---\n"),
             withUpdated.constData());
}

void TestSiteSchema::templateFollowsTheSitesHabits_data()
{
    QTest::addColumn<QString>("site");
    QTest::addColumn<QByteArray>("expectedHead");
    // The seed's optional keys the site's posts do not use are left out.
    QTest::newRow("bangpypers: authors list")
        << "bangpypers"
        << QByteArray("---\nlayout: post\ntitle: \"Talks: May\"\nauthors: [Ann Lee]\n"
                      "date: 2024-05-01 18:30:00 +0200\ndescription:\n"
                      "categories: [meetup, talks]\nimage:\nfeatured: false\nhidden: false\n"
                      "---\n");
    QTest::newRow("bangpypers 2021: the seed as it is")
        << "bangpypers_2021_seed_schema"
        << QByteArray("---\nlayout: post\ntitle: \"Talks: May\"\nauthor: Ann Lee\n"
                      "date: 2024-05-01 18:30:00 +0200\ntags: [meetup]\ndescription:\n"
                      "categories: [meetup, talks]\nimage:\nfeatured: false\nhidden: false\n"
                      "---\n");
    QTest::newRow("pythonpune: one category")
        << "pythonpune"
        << QByteArray("---\nlayout: post\ntitle: \"Talks: May\"\nauthor: Ann Lee\n"
                      "date: 2024-05-01 18:30:00 +0200\ncategory: meetup\n---\n");
    QTest::newRow("copenhagenjs: speakers added")
        << "copenhagenjs"
        << QByteArray("---\nlayout: post\ntitle: \"Talks: May\"\nauthor: Ann Lee\n"
                      "date: 2024-05-01 18:30:00 +0200\nspeakers:\n---\n");
}

void TestSiteSchema::templateFollowsTheSitesHabits()
{
    // Outside a site (the seed) the template is the plain one, byte for byte.
    QCOMPARE(PostTemplate::meetupReport(QStringLiteral("T"), QStringLiteral("A"), When, Zone,
                                        SiteSchema::seed()),
             PostTemplate::meetupReport(QStringLiteral("T"), QStringLiteral("A"), When, Zone));
    QFETCH(QString, site);
    QFETCH(QByteArray, expectedHead);
    const SiteSchema s = inferredFor(Site::load(TestUtil::corpusDir() + QLatin1Char('/') + site));
    const QByteArray text = PostTemplate::meetupReport(QStringLiteral("Talks: May"),
                                                       QStringLiteral("Ann Lee"), When, Zone, s);
    QVERIFY2(text.startsWith(expectedHead), text.constData());
    const Post post = Post::fromBytes(text);
    QVERIFY(post.frontMatterLoaded());
    QCOMPARE(post.toBytes(), text);
    QCOMPARE(rubyFrontMatter(text).value(QStringLiteral("data")).toObject(),
             meetdownFrontMatter(post));
    QCOMPARE(issues(s, post.frontMatterText()), QStringList());
}

void TestSiteSchema::templateValuesReadBackAsWritten()
{
    // Defaults of every shape, and titles and authors that need quotes, read back by Psych as
    // the values they were.
    const SiteSchema s =
        schemaFromConfig("meetdown:\n  fields:\n"
                         "    title: {}\n"
                         "    authors: {type: list}\n"
                         "    a: {default: 'yes'}\n"
                         "    b: {default: '12:30'}\n"
                         "    c: {type: number, default: 1.0}\n"
                         "    d: {type: number, default: -3}\n"
                         "    e: {type: datetime, default: 2024-01-02}\n"
                         "    f: {type: list, default: ['a, b', 'no', '[x]', 2, {k: 'v: w'}]}\n"
                         "    g: {default: \"line\\nbreak # not a comment\"}\n"
                         "    h: {type: boolean, default: on}\n"
                         "    i: {default: '0755'}\n"
                         "    j: {type: number, default: 1.0e+20}\n"
                         "    k: {default: ~}\n");
    QCOMPARE(formatted(s.diagnostics).join(QLatin1Char('\n')), QString());
    for (const QString &title : {QStringLiteral("no"), QStringLiteral("- x"),
                                 QStringLiteral("He said \"hi\""), QStringLiteral("#1: ü")}) {
        const QByteArray text =
            PostTemplate::meetupReport(title, QStringLiteral("@ann, 'B'"), When, Zone, s);
        const Post post = Post::fromBytes(text);
        QVERIFY2(post.frontMatterLoaded(), text.constData());
        QCOMPARE(post.toBytes(), text);
        QCOMPARE(post.value(QStringLiteral("title")), QVariant(title));
        QCOMPARE(post.value(QStringLiteral("authors")),
                 QVariant(QVariantList{QStringLiteral("@ann, 'B'")}));
        const YamlMap values = post.values();
        for (const FieldSpec &f : s.fields) {
            if (f.defaultValue.isValid())
                QCOMPARE(yamlValue(values, f.key), f.defaultValue);
        }
        QCOMPARE(rubyFrontMatter(text).value(QStringLiteral("data")).toObject(),
                 meetdownFrontMatter(post));
    }
}

// Options keep their values as Psych reads them, not only as text: `false` and "false" look the
// same and mean opposite things to Liquid.
void TestSiteSchema::optionValuesAreAsJekyllReadsThem()
{
    const SiteSchema m =
        schemaFromConfig("meetdown:\n  fields:\n"
                         "    comments: {type: select, options: [true, false]}\n"
                         "    talks: {type: select, options: [1, 2.5, \"3\", yes]}\n"
                         "    rooms: {type: multiselect, options: [1, lobby]}\n");
    const FieldSpec *comments = m.field(QStringLiteral("comments"));
    QVERIFY(comments);
    QCOMPARE(comments->options, TestUtil::strings({"true", "false"}));
    QCOMPARE(comments->optionValues, (QVariantList{true, false}));
    const FieldSpec *talks = m.field(QStringLiteral("talks"));
    QCOMPARE(talks->options, TestUtil::strings({"1", "2.5", "3", "true"}));
    QCOMPARE(talks->optionValues.size(), 4);
    QCOMPARE(talks->optionValues.at(0).typeId(), int(QMetaType::LongLong));
    QCOMPARE(talks->optionValues.at(1), QVariant(2.5));
    QCOMPARE(talks->optionValues.at(2), QVariant(QStringLiteral("3")));
    QCOMPARE(talks->optionValues.at(3), QVariant(true));
    QCOMPARE(m.field(QStringLiteral("rooms"))->optionValues.size(), 2);

    const SiteSchema p = schemaFromConfig(
        "prose:\n  metadata:\n    _posts:\n"
        "      - name: comments\n"
        "        field:\n"
        "          element: select\n"
        "          options: [{name: \"Yes\", value: true}, {name: \"No\", value: false}, "
        "{name: Later}]\n");
    const FieldSpec *prose = p.field(QStringLiteral("comments"));
    QVERIFY(prose);
    QCOMPARE(prose->optionLabels, TestUtil::strings({"Yes", "No", "Later"}));
    QCOMPARE(prose->options, TestUtil::strings({"true", "false", "Later"}));
    QCOMPARE(prose->optionValues, (QVariantList{true, false, QStringLiteral("Later")}));
    for (const SiteSchema &s : {m, p}) {
        for (const FieldSpec &f : s.fields)
            QCOMPARE(f.optionValues.size(), f.options.size());
    }

    // By Ruby's ==: `yes` is the option true, 2.0 is 2, the text "2" is not 2.
    QCOMPARE(comments->optionIndex(true), 0);
    QCOMPARE(comments->optionIndex(QStringLiteral("false")), -1);
    QCOMPARE(talks->optionIndex(2.5), 1);
    QCOMPARE(talks->optionIndex(1.0), 0);
    QCOMPARE(talks->optionIndex(QStringLiteral("1")), -1);
    QCOMPARE(talks->optionIndex(3LL), -1);
    QCOMPARE(talks->optionIndex(QStringLiteral("3")), 2);
    QCOMPARE(talks->optionIndex(QVariant()), -1);
    // A spec built from text alone reads each option as Psych reads it unquoted.
    FieldSpec byHand;
    byHand.type = FieldSpec::Type::Select;
    byHand.options = TestUtil::strings({"true", "2", "post"});
    QCOMPARE(byHand.optionValue(0), QVariant(true));
    QCOMPARE(byHand.optionIndex(2LL), 1);
    QCOMPARE(byHand.optionIndex(QStringLiteral("post")), 2);
}

void TestSiteSchema::validateComparesOptionsAsJekyllReadsThem()
{
    const SiteSchema s =
        schemaFromConfig("meetdown:\n  fields:\n"
                         "    comments: {type: select, options: [true, false], default: no}\n"
                         "    talks: {type: select, options: [1, 2]}\n"
                         "    room: {type: select, options: [\"1\", lobby]}\n"
                         "    rooms: {type: multiselect, options: [1, 2]}\n");
    QVERIFY(s.diagnostics.isEmpty());
    QCOMPARE(s.field(QStringLiteral("comments"))->defaultValue, QVariant(false));
    QCOMPARE(issues(s, "comments: yes\ntalks: 2.0\nroom: '1'\nrooms: [1, 2]\n"), QStringList());
    QCOMPARE(issues(s, "comments: \"false\"\n"),
             TestUtil::strings({"comments: 'false' is text here, but the option is true or false: "
                                "write it without quotes"}));
    QCOMPARE(issues(s, "talks: '2'\n"),
             TestUtil::strings({"talks: '2' is text here, but the option is a number: write it "
                                "without quotes"}));
    QCOMPARE(issues(s, "room: 1\n"),
             TestUtil::strings({"room: '1' is a number here, but the option is text: quote it"}));
    QCOMPARE(issues(s, "talks: 3\n"), TestUtil::strings({"talks: '3' is not one of: 1, 2"}));
    QCOMPARE(issues(s, "rooms: [1, '2']\n"),
             TestUtil::strings({"rooms: '2' is text here, but the option is a number: write it "
                                "without quotes"}));
    // A default that only looks like an option is dropped, as one outside them is.
    const SiteSchema quoted =
        schemaFromConfig("meetdown: {fields: {comments: {type: select, options: [true, false], "
                         "default: 'false'}}}\n");
    QVERIFY(!quoted.field(QStringLiteral("comments"))->defaultValue.isValid());
    QCOMPARE(quoted.diagnostics.size(), 1);
}

QTEST_GUILESS_MAIN(TestSiteSchema)
#include "tst_siteschema.moc"
