// Does not compile: the wrapper must pass clang's error and exit status through.
int main(void) {
  int value = ;
  return value;
}
