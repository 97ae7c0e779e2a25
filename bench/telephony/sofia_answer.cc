// A plain sofia-sip answering server: every INVITE is answered 200 OK with a fixed SDP and
// the call is left to end by BYE. No B2BUA, no media, no routing — the yardstick Luukku's
// call rate is compared with (docs/performance.md, Telephony).
//
//   sofia_answer 127.0.0.1:5070
#define NUA_MAGIC_T void
#define NUA_HMAGIC_T void
#define SU_ROOT_MAGIC_T void
#include <sofia-sip/nua.h>
#include <sofia-sip/nua_tag.h>
#include <sofia-sip/sip_status.h>
#include <sofia-sip/su_tag_io.h>

#include <csignal>
#include <cstdio>
#include <string>

namespace {

su_root_t* g_root = nullptr;
const char* kSdp =
    "v=0\r\no=bare 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
    "m=audio 40000 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\n";

void onEvent(nua_event_t event, int status, char const*, nua_t* nua, void*, nua_handle_t* nh, void*,
             sip_t const*, tagi_t tags[]) {
  switch (event) {
    case nua_i_invite:
      nua_respond(nh, 200, "OK", SIPTAG_CONTENT_TYPE_STR("application/sdp"),
                  SIPTAG_PAYLOAD_STR(kSdp), TAG_END());
      break;
    case nua_i_state: {
      int state = nua_callstate_init;
      tl_gets(tags, NUTAG_CALLSTATE_REF(state), TAG_END());
      if (state == nua_callstate_terminated) nua_handle_destroy(nh);
      break;
    }
    case nua_r_shutdown:
      if (status >= 200) su_root_break(g_root);
      break;
    default:
      (void)nua;
      break;
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string url = std::string("sip:") + (argc > 1 ? argv[1] : "127.0.0.1:5070");
  su_init();
  su_home_t home[1] = {};
  su_home_init(home);
  g_root = su_root_create(nullptr);
  nua_t* nua = nua_create(g_root, onEvent, nullptr, NUTAG_URL(url.c_str()), NUTAG_MEDIA_ENABLE(0),
                          NUTAG_AUTOANSWER(0), NUTAG_AUTOACK(1), TAG_END());
  if (!nua) {
    std::fprintf(stderr, "cannot listen on %s\n", url.c_str());
    return 1;
  }
  std::signal(SIGTERM, [](int) { su_root_break(g_root); });
  std::signal(SIGINT, [](int) { su_root_break(g_root); });
  std::printf("answering on %s\n", url.c_str());
  std::fflush(stdout);
  su_root_run(g_root);
  nua_shutdown(nua);
  su_root_run(g_root);
  nua_destroy(nua);
  su_root_destroy(g_root);
  su_home_deinit(home);
  su_deinit();
  return 0;
}
