# The project's warning set; -Werror unless LUUKKU_WERROR is OFF.
#
# -Wmaybe-uninitialized is off: GCC 12 reports it falsely for std::variant and std::optional
# members after inlining at -O2 (GCC bugs 105562, 107138), which Result<T> trips constantly.
# -Wnull-dereference is not used for the same reason inside Asio's io_context.
# -Wmismatched-new-delete is off: GCC 12 misreports Asio's coroutine frame allocator
# (awaitable_frame_base's sized operator delete) as mismatched (GCC bug 109224).
function(luukku_set_warnings target)
  target_compile_options(${target} INTERFACE -Wall -Wextra -Wpedantic -Wshadow=local
    -Wnon-virtual-dtor -Wcast-align -Wunused -Woverloaded-virtual -Wimplicit-fallthrough
    -Wno-maybe-uninitialized -Wno-mismatched-new-delete)
  if(LUUKKU_WERROR)
    target_compile_options(${target} INTERFACE -Werror)
  endif()
endfunction()
