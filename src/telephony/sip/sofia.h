// Private to src/telephony/sip: sofia-sip's headers with Luukku's magic types, and RAII for
// the sofia objects the stack owns. Never include this from a header outside this folder.
#pragma once

namespace luukku::telephony::sip {
class SofiaLoop;
struct Leg;
}  // namespace luukku::telephony::sip

#define SU_ROOT_MAGIC_T luukku::telephony::sip::SofiaLoop
#define NUA_MAGIC_T luukku::telephony::sip::SofiaLoop
#define NUA_HMAGIC_T luukku::telephony::sip::Leg
#define SU_TIMER_ARG_T luukku::telephony::sip::SofiaLoop

#include <sofia-sip/msg_addr.h>
#include <sofia-sip/nta_tag.h>
#include <sofia-sip/nua.h>
#include <sofia-sip/nua_tag.h>
#include <sofia-sip/sip_extra.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_status.h>
#include <sofia-sip/su.h>
#include <sofia-sip/su_tag_io.h>
#include <sofia-sip/su_wait.h>

#include <memory>

namespace luukku::telephony::sip {

// su_init()/su_deinit() for the thread that runs sofia.
class SuInit {
 public:
  SuInit() { ok_ = su_init() == 0; }
  ~SuInit() {
    if (ok_) su_deinit();
  }
  SuInit(const SuInit&) = delete;
  SuInit& operator=(const SuInit&) = delete;
  bool ok() const { return ok_; }

 private:
  bool ok_ = false;
};

// A reference-counted memory home for short-lived parses: su_home_new(sizeof(su_home_t)).
struct HomeDeleter {
  void operator()(su_home_t* h) const { su_home_unref(h); }
};
using HomePtr = std::unique_ptr<su_home_t, HomeDeleter>;

struct RootDeleter {
  void operator()(su_root_t* r) const { su_root_destroy(r); }
};
using RootPtr = std::unique_ptr<su_root_t, RootDeleter>;

struct TimerDeleter {
  void operator()(su_timer_t* t) const { su_timer_destroy(t); }
};
using TimerPtr = std::unique_ptr<su_timer_t, TimerDeleter>;

// nua_destroy() is only legal after nua_r_shutdown; the owner calls shutdown first.
struct NuaDeleter {
  void operator()(nua_t* n) const { nua_destroy(n); }
};
using NuaPtr = std::unique_ptr<nua_t, NuaDeleter>;

// A NUA handle reference: nua_handle_destroy() when the leg lets go of it.
struct HandleDeleter {
  void operator()(nua_handle_t* h) const { nua_handle_destroy(h); }
};
using HandlePtr = std::unique_ptr<nua_handle_t, HandleDeleter>;

}  // namespace luukku::telephony::sip
