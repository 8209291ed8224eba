// A bytecode interpreter loop running a small program (CPU benchmark). Usage: interp [iterations]
#include <stdio.h>
#include <stdlib.h>

enum { PUSH, ADD, SUB, MUL, DUP, SWAP, JNZ, DEC, POP, MOD, HALT };

static long run(const int *code, long n) {
  long stack[64];
  int sp = 0, pc = 0;
  long acc = 0;
  stack[sp++] = n;
  for (;;) {
    switch (code[pc++]) {
      case PUSH: stack[sp++] = code[pc++]; break;
      case ADD: sp--; stack[sp - 1] += stack[sp]; break;
      case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
      case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
      case MOD: sp--; stack[sp - 1] %= stack[sp]; break;
      case DUP: stack[sp] = stack[sp - 1]; sp++; break;
      case SWAP: { long t = stack[sp - 1]; stack[sp - 1] = stack[sp - 2]; stack[sp - 2] = t; break; }
      case DEC: stack[sp - 1]--; break;
      case POP: acc += stack[--sp]; break;
      case JNZ: { int target = code[pc++]; if (stack[sp - 1] != 0) pc = target; break; }
      case HALT: return acc;
    }
  }
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 3000000;
  // loop: dup; push 7; mul; push 1000003; mod; pop; dec; jnz loop; halt
  static const int code[] = {DUP, PUSH, 7, MUL, PUSH, 1000003, MOD, POP, DEC, JNZ, 0, HALT};
  printf("interp %ld\n", run(code, n));
  return 0;
}
