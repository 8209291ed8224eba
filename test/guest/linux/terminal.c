/* Terminal attributes (TCGETS/TCSETS) on a pseudo-terminal: the test runs it under script(1). */
#include <stdio.h>
#include <termios.h>
#include <unistd.h>

int main(void) {
  struct termios t, u;
  printf("isatty: %d\n", isatty(0));
  if (tcgetattr(0, &t) != 0) {
    perror("tcgetattr");
    return 1;
  }
  printf("echo %d icanon %d iexten %d vmin %d veof %d vintr %d\n", !!(t.c_lflag & ECHO), !!(t.c_lflag & ICANON),
         !!(t.c_lflag & IEXTEN), t.c_cc[VMIN], t.c_cc[VEOF], t.c_cc[VINTR]);
  t.c_lflag &= ~(ECHO | ICANON);
  t.c_lflag |= TOSTOP;
  t.c_cc[VMIN] = 3;
  t.c_cc[VTIME] = 7;
  if (tcsetattr(0, TCSANOW, &t) != 0) {
    perror("tcsetattr");
    return 1;
  }
  tcgetattr(0, &u);
  printf("after: echo %d icanon %d tostop %d iexten %d vmin %d vtime %d\n", !!(u.c_lflag & ECHO), !!(u.c_lflag & ICANON),
         !!(u.c_lflag & TOSTOP), !!(u.c_lflag & IEXTEN), u.c_cc[VMIN], u.c_cc[VTIME]);
  return 0;
}
