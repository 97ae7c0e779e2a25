// Logging a contact from the customer card (LogContact): the entry is the next event of the
// contact's own stream, whether the contact lasts, ended here or ended before a restart, and
// only the professional who handled it (or a supervisor) may write it.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "codec/routing_json.h"
#include "demo_engine_fixture.h"

namespace luukku::engine {
namespace {
using namespace core::routing;

constexpr const char* kAgent = "sanna-rinta-aho";  // on the line terveysasemat
constexpr const char* kLine = "terveysasemat";

class ContactLogTest : public testing::DemoEngineTest {
 protected:
  // A call on kLine answered by kAgent; its contact id.
  std::string answeredCall(Engine& e, const std::string& number) {
    EXPECT_TRUE(run(e, SetPresence{kAgent, PresenceStatus::kAvailable, "", {}}));
    auto arrived = run(e, ArriveContact{callTo(kLine, number), {}});
    EXPECT_TRUE(arrived);
    if (!arrived) return {};
    EXPECT_TRUE(run(e, AcceptOffer{kAgent, {ItemKind::kContact, arrived->contact.id}, {}}));
    return arrived->contact.id;
  }
  LogContact logBy(const std::string& agent, const std::string& contact_id,
                   const std::string& reason = "medication") {
    LogContact c;
    c.contact_id = contact_id;
    c.agent_id = agent;
    c.log = {reason, "Reseptin uusiminen, lähetetty lääkärille.", true};
    c.actor = {core::Actor::Kind::kUser, "u-1", "sanna", ""};
    return c;
  }
  std::vector<store::StoredEvent> stream(const std::string& contact_id) {
    auto store = store::openStore(url_);
    EXPECT_TRUE(store);
    auto events = (*store)->readStream(contactStream(contact_id), 0, 100);
    EXPECT_TRUE(events);
    return events ? *events : std::vector<store::StoredEvent>{};
  }
  std::vector<std::string> types(const std::vector<store::StoredEvent>& events) {
    std::vector<std::string> out;
    for (const auto& e : events) out.push_back(e.type);
    return out;
  }
};

TEST_F(ContactLogTest, ALiveContactsEntryIsInItsStreamAndTheContactEndsAfterIt) {
  auto engine = start();
  loadDemo(*engine);
  std::string id = answeredCall(*engine, "+358401000101");
  auto entry = run(*engine, logBy(kAgent, id));
  ASSERT_TRUE(entry) << entry.status().toString();
  EXPECT_EQ(entry->logged.number, "+358401000101");
  EXPECT_EQ(entry->actor_name, "sanna");
  ASSERT_TRUE(run(*engine, CompleteContact{kAgent, id, {}}));

  auto events = stream(id);
  EXPECT_EQ(types(events),
            (std::vector<std::string>{"contact.queued", "offer.made", "offer.accepted",
                                      "contact.logged", "contact.completed"}));
  auto data = boost::json::parse(events[3].payload).as_object();
  EXPECT_EQ(data.at("reason"), "medication");
  EXPECT_EQ(data.at("service_need_assessment"), true);
  EXPECT_EQ(data.at("actor").at("name"), "sanna");
}

TEST_F(ContactLogTest, ARestartAfterALiveContactWasLoggedEndsItAfterTheEntry) {
  std::string id;
  {
    auto engine = start();
    loadDemo(*engine);
    id = answeredCall(*engine, "+358401000102");
    ASSERT_TRUE(run(*engine, logBy(kAgent, id)));
  }
  auto engine = start();
  ASSERT_TRUE(engine->healthy());
  auto events = stream(id);
  ASSERT_GE(events.size(), 5u);
  EXPECT_EQ(events[3].type, "contact.logged");
  EXPECT_EQ(events[4].type, "contact.interrupted");
}

TEST_F(ContactLogTest, AnEndedContactIsLoggedAgainAfterItsLastEntry) {
  auto engine = start();
  loadDemo(*engine);
  std::string id = answeredCall(*engine, "+358401000103");
  ASSERT_TRUE(run(*engine, CompleteContact{kAgent, id, {}}));
  ASSERT_TRUE(run(*engine, logBy(kAgent, id)));
  ASSERT_TRUE(run(*engine, logBy(kAgent, id, "advice")));
  auto events = stream(id);
  ASSERT_EQ(events.size(), 6u);
  EXPECT_EQ(events[4].type, "contact.logged");
  EXPECT_EQ(events[5].type, "contact.logged");
  EXPECT_EQ(events[5].stream_seq, 6);
}

TEST_F(ContactLogTest, AContactThatEndedBeforeARestartIsLoggedFromItsStoredRecord) {
  std::string id;
  {
    auto engine = start();
    loadDemo(*engine);
    id = answeredCall(*engine, "+358401000104");
    ASSERT_TRUE(run(*engine, CompleteContact{kAgent, id, {}}));
  }
  auto engine = start();
  auto without = run(*engine, logBy(kAgent, id));
  ASSERT_FALSE(without);
  EXPECT_EQ(without.status().code(), ErrorCode::kNotFound);

  auto store = store::openStore(url_);
  ASSERT_TRUE(store);
  auto doc = (*store)->loadDocument("contact", id);
  ASSERT_TRUE(doc && *doc);
  auto contact = codec::decodeContact(boost::json::parse((*doc)->body));
  ASSERT_TRUE(contact);
  LogContact c = logBy(kAgent, id);
  c.stored = StoredContact{*contact, *(*store)->lastStreamSeq(contactStream(id))};
  ASSERT_TRUE(run(*engine, c));
  auto events = stream(id);
  ASSERT_EQ(events.size(), 5u);
  EXPECT_EQ(events[4].type, "contact.logged");
}

TEST_F(ContactLogTest, AnotherProfessionalMayNotLogTheContactButASupervisorMay) {
  auto engine = start();
  loadDemo(*engine);
  std::string id = answeredCall(*engine, "+358401000105");
  auto other = run(*engine, logBy("pekka-jarvinen", id));
  ASSERT_FALSE(other);
  EXPECT_EQ(other.status().code(), ErrorCode::kPermissionDenied);
  LogContact supervisor = logBy("", id);
  supervisor.any_contact = true;
  EXPECT_TRUE(run(*engine, supervisor));
  EXPECT_EQ(types(stream(id)).back(), "contact.logged");
}

TEST_F(ContactLogTest, AReasonOutsideTheRegionsListOrAnOverlongNoteRecordsNothing) {
  auto engine = start();
  loadDemo(*engine);
  std::string id = answeredCall(*engine, "+358401000106");
  auto before = engine->durableSeq();
  auto unknown = run(*engine, logBy(kAgent, id, "no-such-reason"));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.status().code(), ErrorCode::kInvalidArgument);
  LogContact long_note = logBy(kAgent, id);
  long_note.log.note = std::string(core::kMaxContactNoteBytes + 1, 'a');
  auto too_long = run(*engine, long_note);
  ASSERT_FALSE(too_long);
  EXPECT_EQ(too_long.status().code(), ErrorCode::kInvalidArgument);
  LogContact bad_text = logBy(kAgent, id);
  bad_text.log.note = "\xff\xfe";
  EXPECT_FALSE(run(*engine, bad_text));
  EXPECT_EQ(engine->durableSeq(), before);
}

TEST_F(ContactLogTest, AnUnknownContactIsNotFound) {
  auto engine = start();
  loadDemo(*engine);
  LogContact c = logBy("", "c-nosuch");
  c.any_contact = true;
  auto r = run(*engine, c);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.status().code(), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace luukku::engine
