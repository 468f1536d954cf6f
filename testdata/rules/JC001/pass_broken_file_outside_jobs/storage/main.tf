# Not a job: nothing here or in the modules it calls can schedule a task, so jobcheck does
# not parse this root and says nothing about broken.tf (`--all-files` reports its JC001).
resource "aws_s3_bucket" "archive" {
  bucket = "acme-archive"
}
