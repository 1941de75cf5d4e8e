fn main() {
    trailview::start();
}
