// The clickbot tree: what validation refuses (naming node and field), the walk a citizen may
// claim, and the JSON forms.
#include "chat/clickbot_tree.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace luukku::chat {
namespace {

core::LocalizedText text(const std::string& fi) {
  return {fi, fi + " (sv)", fi + " (en)"};
}

ClickbotNode choices(std::string id, std::vector<std::string> to) {
  ClickbotNode n;
  n.id = std::move(id);
  n.title = text(n.id);
  n.choices = std::move(to);
  return n;
}

ClickbotNode chatNode(std::string id, std::string line) {
  ClickbotNode n;
  n.id = std::move(id);
  n.kind = ClickbotNodeKind::kChat;
  n.title = text(n.id);
  n.line_id = std::move(line);
  return n;
}

// root → oireet → {ohje (article), omaolo (link), chat (terveysasemat)}; root → soita (contact).
ClickbotTree sample() {
  ClickbotTree t;
  t.root = "alku";
  t.nodes.push_back(choices("alku", {"oireet", "soita"}));
  t.nodes.push_back(choices("oireet", {"ohje", "omaolo", "chat"}));
  ClickbotNode article;
  article.id = "ohje";
  article.kind = ClickbotNodeKind::kArticle;
  article.title = text("Ohje");
  article.text = text("Lepää ja juo.\n\nSoita, jos kuume nousee.");
  t.nodes.push_back(article);
  ClickbotNode link;
  link.id = "omaolo";
  link.kind = ClickbotNodeKind::kLink;
  link.title = text("Omaolo");
  link.url = "https://www.omaolo.fi/";
  link.link_label = text("Tee oirearvio");
  t.nodes.push_back(link);
  t.nodes.push_back(chatNode("chat", "terveysasemat"));
  ClickbotNode contact = chatNode("soita", "terveysasemat");
  contact.kind = ClickbotNodeKind::kContactRequest;
  t.nodes.push_back(contact);
  return t;
}

std::optional<ClickbotLine> lines(std::string_view id) {
  if (id == "terveysasemat") return ClickbotLine{true, true};
  if (id == "puhelin") return ClickbotLine{false, false};
  return std::nullopt;
}

std::vector<ClickbotProblem> problemsOf(const ClickbotTree& t) {
  return validate(t, lines);
}

ClickbotNode& node(ClickbotTree& t, std::string_view id) {
  return *const_cast<ClickbotNode*>(t.find(id));
}

TEST(ClickbotTree, SampleIsValid) {
  EXPECT_EQ(problemsOf(sample()), std::vector<ClickbotProblem>{});
}

TEST(ClickbotTree, MissingLanguageNamesNodeAndField) {
  auto t = sample();
  node(t, "ohje").text.sv = " ";
  auto p = problemsOf(t);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].node, "ohje");
  EXPECT_EQ(p[0].field, "text.sv");
  EXPECT_EQ(describe(p[0]).substr(0, 22), "node 'ohje', text.sv: ");
}

TEST(ClickbotTree, ChoiceToUnknownNodeIsRefused) {
  auto t = sample();
  node(t, "oireet").choices.push_back("ei-ole");
  auto p = problemsOf(t);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].node, "oireet");
  EXPECT_EQ(p[0].field, "choices[3]");
}

TEST(ClickbotTree, LoopIsRefused) {
  auto t = sample();
  t.nodes.push_back(choices("a", {"b"}));
  t.nodes.push_back(choices("b", {"a"}));
  node(t, "oireet").choices.push_back("a");
  auto p = problemsOf(t);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].node, "b");
  EXPECT_NE(p[0].message.find("loop"), std::string::npos);
}

TEST(ClickbotTree, UnreachableNodeIsRefused) {
  auto t = sample();
  t.nodes.push_back(chatNode("orpo", "terveysasemat"));
  auto p = problemsOf(t);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].node, "orpo");
}

TEST(ClickbotTree, SharedNodeIsAllowed) {
  auto t = sample();
  node(t, "oireet").choices.push_back("soita");
  EXPECT_TRUE(problemsOf(t).empty());
}

TEST(ClickbotTree, RootMustExistAndOfferChoices) {
  auto t = sample();
  t.root = "ohje";
  ASSERT_FALSE(problemsOf(t).empty());
  EXPECT_EQ(problemsOf(t)[0].field, "kind");
  t.root = "ei";
  EXPECT_EQ(problemsOf(t)[0].field, "root");
}

TEST(ClickbotTree, ChatLineMustServeChat) {
  auto t = sample();
  node(t, "chat").line_id = "puhelin";
  auto p = problemsOf(t);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].field, "line_id");
  node(t, "chat").line_id = "ei-ole";
  EXPECT_NE(problemsOf(t)[0].message.find("does not exist"), std::string::npos);
}

TEST(ClickbotTree, ContactRequestLineMustTakeThem) {
  auto t = sample();
  node(t, "soita").line_id = "puhelin";
  auto p = problemsOf(t);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].node, "soita");
  EXPECT_NE(p[0].message.find("contact requests"), std::string::npos);
}

TEST(ClickbotTree, LinksAreHttpsOnly) {
  auto t = sample();
  node(t, "omaolo").url = "http://www.omaolo.fi/";
  EXPECT_EQ(problemsOf(t)[0].field, "url");
  node(t, "omaolo").url = "javascript:alert(1)";
  EXPECT_EQ(problemsOf(t)[0].field, "url");
  node(t, "omaolo").url = "https://a b";
  EXPECT_EQ(problemsOf(t)[0].field, "url");
}

TEST(ClickbotTree, TitleLengthIsLimited) {
  auto t = sample();
  node(t, "oireet").title.en = std::string(kMaxClickbotTitleChars + 1, 'a');
  auto p = problemsOf(t);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].field, "title.en");
}

TEST(ClickbotTree, DuplicateIdsAndBadIdsAreRefused) {
  auto t = sample();
  t.nodes.push_back(chatNode("chat", "terveysasemat"));
  t.nodes.push_back(chatNode("Iso Kirjain", "terveysasemat"));
  auto p = problemsOf(t);
  ASSERT_GE(p.size(), 2u);
  EXPECT_EQ(p[0].node, "chat");
  EXPECT_EQ(p[1].node, "Iso Kirjain");
}

TEST(ClickbotTree, PathFollowsChoicesToTheLinesChat) {
  auto t = sample();
  EXPECT_TRUE(checkPath(t, {"alku", "oireet", "chat"}, "terveysasemat"));
  EXPECT_FALSE(checkPath(t, {"alku", "chat"}, "terveysasemat"));  // skips a step
  EXPECT_FALSE(checkPath(t, {"oireet", "chat"}));                 // not from the root
  EXPECT_FALSE(checkPath(t, {"alku", "oireet", "chat"}, "neuvola"));
  EXPECT_FALSE(checkPath(t, {"alku", "oireet"}, "terveysasemat"));
  std::vector<std::string> long_path(kMaxClickbotPath + 1, "alku");
  EXPECT_FALSE(checkPath(t, long_path));
}

TEST(ClickbotTree, PathTitlesAreInTheLanguage) {
  auto t = sample();
  EXPECT_EQ(pathTitles(t, {"alku", "oireet"}, "sv"),
            (std::vector<std::string>{"alku (sv)", "oireet (sv)"}));
}

TEST(ClickbotTree, JsonRoundTrips) {
  auto t = sample();
  auto decoded = decodeClickbotTree(encode(t));
  ASSERT_TRUE(decoded) << decoded.status().message();
  EXPECT_EQ(*decoded, t);
}

TEST(ClickbotTree, DecodingRefusesUnknownFieldsAndKinds) {
  auto v = encode(sample());
  v.as_object()["nodes"].as_array()[0].as_object()["colour"] = "red";
  EXPECT_FALSE(decodeClickbotTree(v));
  auto w = encode(sample());
  w.as_object()["nodes"].as_array()[0].as_object()["kind"] = "video";
  auto decoded = decodeClickbotTree(w);
  ASSERT_FALSE(decoded);
  EXPECT_NE(decoded.status().message().find("tree.nodes[0].kind"), std::string::npos);
}

TEST(ClickbotTree, CitizenViewIsInOneLanguageWithLineState) {
  auto view = citizenView(sample(), "en", [](std::string_view) {
    return boost::json::object{{"open", true}};
  });
  const auto& nodes = view.at("nodes").as_array();
  EXPECT_EQ(view.at("root"), "alku");
  EXPECT_EQ(nodes[2].at("title"), "Ohje (en)");
  EXPECT_EQ(nodes[3].at("link_label"), "Tee oirearvio (en)");
  EXPECT_EQ(nodes[4].at("open"), true);
  EXPECT_FALSE(nodes[2].as_object().contains("url"));
}

}  // namespace
}  // namespace luukku::chat
