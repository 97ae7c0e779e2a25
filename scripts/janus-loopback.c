// Lets Janus gather its ICE candidates on 127.0.0.1 (scripts/janus.sh preloads it into janus).
//
// Janus 1.1.2 builds each handle's list of ICE addresses from getifaddrs() and skips every
// interface flagged IFF_LOOPBACK before it looks at its ice_enforce_list (src/ice.c,
// janus_ice_setup_local: "Skip loopback interfaces"), and libnice, given no addresses, leaves
// loopback out as well. So no setting makes it offer 127.0.0.1, and the browser leg would use
// the machine's own interface address. This wraps getifaddrs() so that the address 127.0.0.1
// (only that one) does not carry the loopback flag; with ice_enforce_list = "127.0.0.1" Janus
// then gathers that address alone, and binds its ICE sockets to it.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>

int getifaddrs(struct ifaddrs** ifap) {
  static int (*real)(struct ifaddrs**);
  if (!real) real = (int (*)(struct ifaddrs**))dlsym(RTLD_NEXT, "getifaddrs");
  if (!real) return -1;
  int result = real(ifap);
  if (result != 0) return result;
  for (struct ifaddrs* i = *ifap; i; i = i->ifa_next) {
    if (i->ifa_addr && i->ifa_addr->sa_family == AF_INET &&
        ((const struct sockaddr_in*)i->ifa_addr)->sin_addr.s_addr == htonl(INADDR_LOOPBACK)) {
      i->ifa_flags &= ~(unsigned)IFF_LOOPBACK;
    }
  }
  return result;
}
