# Compiler flags shared by every kiji target, on an INTERFACE target so that
# third-party code never sees them.
add_library(kiji_flags INTERFACE)
target_compile_features(kiji_flags INTERFACE cxx_std_20)
target_compile_options(kiji_flags INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wno-sign-conversion)
if(KIJI_WERROR)
  target_compile_options(kiji_flags INTERFACE -Werror)
endif()
if(KIJI_SANITIZE)
  target_compile_options(kiji_flags INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(kiji_flags INTERFACE -fsanitize=address,undefined)
endif()
